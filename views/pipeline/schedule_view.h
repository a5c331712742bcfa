// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Any pipeline schedule as a space-time diagram on a continuous time axis (issue 16): stages down, time across,
// one cell per op — F forward (blue), B backward (vermillion), W weight gradient (reddish purple), U update (bluish
// green) — with the micro-batch number in the cell where it fits and the model chunk as shading (interleaved 1F1B).
// Several schedules stack on one time axis, each with its bubble fraction and peak memory beside it; a hover over a
// cell says the op, micro-batch, chunk, weight version, start and end.

#include "core/pipeline/schedule_family.h"
#include "views/drawn_text.h"
#include "views/hover_tips.h"
#include "views/module_view_context.h"

#include "core/sim/frame.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace dfl {

class ScheduleCanvas : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    explicit ScheduleCanvas(QWidget* parent = nullptr);
    // The schedules to draw, top to bottom, on one time axis (the longest makespan spans the width).
    void setTimelines(std::vector<std::shared_ptr<const ScheduleTimeline>> timelines, QString unit = {});
    // Where the run stands on the time axis: ops that end before it are drawn solid, the rest pale; < 0: all solid.
    void setNow(double time);
    const std::vector<std::shared_ptr<const ScheduleTimeline>>& timelines() const { return timelines_; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    const DrawnText& drawnText() const override { return text_; }
    int drawnCells() const { return drawnCells_; }  // ops drawn in the last paint
    QString toolTipAt(QPointF at) const { return tips_.at(at); }
    // Where the op was drawn last (widget coordinates); empty when it was not.
    QRectF cellOf(const ScheduleTimeline& timeline, std::size_t op) const;
    QString explainOp(const ScheduleTimeline& timeline, const ScheduledOp& op) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltips

private:
    std::vector<std::shared_ptr<const ScheduleTimeline>> timelines_;
    DrawnText text_;
    HoverTips tips_;
    int drawnCells_ = 0;
    std::vector<std::vector<QRectF>> cells_;  // [timeline][op]
    QString unit_;
    double now_ = -1;
};

// The dock: the pipeline's schedule (params.schedule) over the comparison schedule (params.compare_schedule) on
// one time axis, following the run.
class PipelineScheduleView : public QWidget {
    Q_OBJECT
public:
    PipelineScheduleView(const ModuleViewContext& context, QWidget* parent = nullptr);
    ScheduleCanvas* canvas() const { return canvas_; }
    void setFrame(const FramePtr& frame);

private:
    ScheduleCanvas* canvas_;
};

}  // namespace dfl
