#pragma once
// What moves each cycle, side by side: on the left the pipeline's stages as workers in a row, with the input batch,
// activations (blue) and gradients (vermillion) travelling between neighbours as packets; on the right data
// parallelism: n workers around a parameter server, W going out and dW coming back (bluish green / vermillion)
// every step. Packet labels carry the megabytes, so the 36 vs 1947 MB contrast is read, not guessed.

#include "core/pipeline/pipeline_frame.h"
#include "core/sim/frame.h"
#include "views/module_view_context.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace dfl {

class DataMovementView : public QWidget {
    Q_OBJECT
public:
    DataMovementView(const ModuleViewContext& context, QWidget* parent = nullptr);
    void setFrame(const FramePtr& frame);
    // Where the packets are along their way (0 at the sender, 1 at the receiver); tests and screenshots set it.
    void setProgress(double progress);
    QSize sizeHint() const override { return {1100, 520}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintPipeline(QPainter& p, const QRectF& area);
    void paintDataParallel(QPainter& p, const QRectF& area);

    std::shared_ptr<const PipelineFrame> frame_;
    QTimer animation_;
    QElapsedTimer sinceFrame_;
    double progress_ = 1;
};

}  // namespace dfl
