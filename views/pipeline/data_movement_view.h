// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What moves each cycle, side by side: on the left the pipeline's stages as workers in a row, with the input batch,
// activations (blue) and gradients (vermillion) travelling between neighbours as packets; on the right data
// parallelism: n workers around a parameter server, W going out and dW coming back (bluish green / vermillion)
// every step. Packet labels carry the megabytes, so the 36 vs 1947 MB contrast is read, not guessed.

#include "core/pipeline/pipeline_frame.h"
#include "core/sim/frame.h"
#include "core/sim/metrics_report.h"
#include "views/drawn_text.h"
#include "views/hover_tips.h"
#include "views/module_view_context.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <utility>
#include <vector>

namespace dfl {

class DataMovementView : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    DataMovementView(const ModuleViewContext& context, QWidget* parent = nullptr);
    void setFrame(const FramePtr& frame);
    // Where the packets are along their way (0 at the sender, 1 at the receiver); tests and screenshots set it.
    // On screen they travel for a moment after each new cycle to half way; a view with Qt::WA_DontShowOnScreen
    // (export) shows them there at once, a pure function of the frame.
    void setProgress(double progress);
    QSize sizeHint() const override { return {1100, 520}; }
    const DrawnText& drawnText() const override { return text_; }
    // What a hover at `at` explains (a stage, a transfer, a worker, a figure), as drawn last; empty: nothing.
    QString toolTipAt(QPointF at) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltips

private:
    void paintPipeline(QPainter& p, const QRectF& area);
    void paintDataParallel(QPainter& p, const QRectF& area);
    QString explainFigure(const std::string& key) const;  // a report figure with its formula

    std::shared_ptr<const PipelineFrame> frame_;
    QTimer animation_;
    QElapsedTimer sinceFrame_;
    double progress_ = 0.5;
    DrawnText text_;
    std::shared_ptr<const MetricsReport> metrics_;
    HoverTips tips_;  // where a hover explains what, from the last paint
};

}  // namespace dfl
