#pragma once
// The race: two delay lines of one time-domain neuron, the edges advancing one stage per cycle, crossovers where
// the pre-encoded input swaps the lines, the running sum the lines carry, the arbiter's decision — beside the
// input image (the current stage's pixel highlighted) and the network's prediction.

#include "core/sim/frame.h"
#include "views/module_view_registry.h"

#include <QWidget>

#include <memory>

namespace dfl {

struct TdnnFrame;

class RaceView : public QWidget {
    Q_OBJECT
public:
    explicit RaceView(const ModuleViewContext& context, QWidget* parent = nullptr);
    QSize sizeHint() const override { return {1200, 720}; }

public slots:
    void setFrame(dfl::FramePtr frame);  // frames of other modules are ignored

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintImage(QPainter& p, const QRectF& area) const;
    void paintLines(QPainter& p, const QRectF& area) const;
    void paintRunningSum(QPainter& p, const QRectF& area) const;
    void paintStatus(QPainter& p, const QRectF& area) const;

    std::shared_ptr<const TdnnFrame> frame_;
};

}  // namespace dfl
