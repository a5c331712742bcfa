// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The space-time diagram of the seed's "Process flow" figure: stages down, cycles across; in each cell the
// forward pass (top) and the backward pass with its weight update (bottom), mini-batch numbers in the boxes,
// the error calculation marked at the last stage, idle halves grey. It records every cycle in order
// (cycleRecorded), highlights the current one and draws, for a selected stage, the weight-update delay it
// measured from the recorded cycles.

#include "core/pipeline/pipeline_frame.h"
#include "core/sim/frame.h"
#include "views/drawn_text.h"
#include "views/module_view_context.h"

#include <QWidget>

#include <cstdint>
#include <memory>
#include <vector>

class QLabel;
class QScrollArea;
class QSpinBox;

namespace dfl {

class SpaceTimeCanvas : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    explicit SpaceTimeCanvas(QWidget* parent = nullptr);

    void record(std::shared_ptr<const PipelineFrame> frame);  // the frame of cycle `frame->cycle`
    void rewind(std::int64_t lastValidCycle);                 // −1: forget everything
    void showLayout(std::shared_ptr<const PipelineLayout> layout);  // rows and stage labels before cycle 1
    void setCurrentCycle(std::int64_t cycle);
    std::int64_t currentCycle() const { return current_; }
    bool hasLayout() const { return layout_ != nullptr; }
    // The cycle timetable is the layer-block schedule's (2P − 2S + 1); another schedule of the family steps op by op
    // on its own time axis, which this diagram would misread as cycles: it is drawn in the Pipeline schedule view.
    bool showsCycleTimetable() const;
    int labelWidth() const;  // the stage labels' column, drawn over the left edge of the visible part
    int cellWidth() const;   // one cycle's column
    // The horizontal scroll position that shows `cycle` with as much history as fits and one column after it, given
    // the viewport's width (a function of the cycle alone, not of where the view is scrolled to now).
    int scrollToShow(std::int64_t cycle, int viewportWidth) const;
    void setSelectedStage(int stage);                         // 0: none
    std::int64_t recordedCycles() const { return std::int64_t(cycles_.size()); }
    // The delay measured for the selected stage from the recorded cycles (−1 when none completed yet).
    int measuredDelay(int stage, std::int64_t* miniBatch = nullptr, std::int64_t* forwardCycle = nullptr) const;
    QRect cellRect(std::int64_t cycle, int stage) const;  // widget coordinates of cycle ≥ 1, stage ≥ 1
    // The cell's tooltip: what runs there and the timetable's formulas with this cell's values (empty: no cell).
    QString explainCell(std::int64_t cycle, int stage) const;
    QSize sizeHint() const override;
    void updateSize();
    const DrawnText& drawnText() const override { return text_; }  // after a presentation-scale change as well

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltips per cell

private:
    // Columns the canvas is sized for: the whole run (capped, so an endless stream still scrolls), at least what
    // has been recorded plus two, at least 12.
    std::int64_t plannedColumns() const;
    int rowHeight() const;
    int headerHeight() const;
    int bracketHeight() const;  // below the rows: the delay bracket and its reading

    std::shared_ptr<const PipelineLayout> layout_;
    std::vector<std::vector<StageActivity>> cycles_;  // [cycle − 1][stage − 1]
    std::int64_t current_ = 0;
    int selected_ = 0;
    DrawnText text_;
};

class PipelineSpaceTimeView : public QWidget {
    Q_OBJECT
public:
    PipelineSpaceTimeView(const ModuleViewContext& context, QWidget* parent = nullptr);
    SpaceTimeCanvas* canvas() const { return canvas_; }
    void selectStage(int stage);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateCaption();
    void followCurrentCycle();  // scrolls so the current cycle is in view with its history
    void applyPresentationScale();  // fonts of the legend, the stage selector and the caption; the canvas' size
    SpaceTimeCanvas* canvas_;
    QScrollArea* scroll_;
    QSpinBox* stage_;
    QLabel* caption_;
    std::vector<QLabel*> scaledLabels_;  // legend chips and "Delay for stage:", at 10 pt × presentation scale
};

}  // namespace dfl
