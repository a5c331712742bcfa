// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The CGRA's PE array, cycle by cycle: the weight on the broadcast bus, the row buffers feeding the left column,
// inputs shifting right on the forwarding bus, which thread (output channel) every PE accumulates and how full
// its partial sum is; beside it the schedule's loop indices and the counters so far.

#include "core/cgra/cgra_frame.h"
#include "core/sim/frame.h"
#include "views/drawn_text.h"
#include "views/module_view_context.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTableWidget;

namespace dfl {

class CgraArrayCanvas : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    explicit CgraArrayCanvas(QWidget* parent = nullptr);
    void setFrame(std::shared_ptr<const cgra::CgraFrame> frame);
    QSize sizeHint() const override { return {760, 560}; }
    // The tooltip of PE (x, y): what it holds and does this cycle, its partial sum's count (empty: no PE).
    QString explainPe(int x, int y) const;
    const DrawnText& drawnText() const override { return text_; }
    // One PE's size in the last paint, and whether its in/out coordinates were drawn (they fit the PE).
    double cellSize() const { return cell_; }
    bool peTextShown() const;
    // The width at which the PEs of the current frame are large enough for their text (0: no frame).
    double readableWidth() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltips per PE

private:
    double bankWidth() const;  // the row buffers' column
    std::shared_ptr<const cgra::CgraFrame> frame_;
    QRectF grid_;      // where the PEs were drawn last
    double cell_ = 0;  // one PE's size
    bool peTextShown_ = false;
    DrawnText text_;
};

class CgraArrayView : public QWidget {
    Q_OBJECT
public:
    CgraArrayView(const ModuleViewContext& context, QWidget* parent = nullptr);
    // Shows one frame (the controller's frameReady calls this; tests call it directly).
    void setFrame(const FramePtr& frame);
    QTableWidget* scheduleTable() const { return loops_; }
    CgraArrayCanvas* canvas() const { return canvas_; }
    // The schedule and counters beside the array: left out where they would squeeze the PEs below readable size.
    bool sidePanelShown() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;  // rows follow the meaning column's width
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyPresentationScale();  // the side panel's fonts (the canvas reads the scale when it paints)
    void fitSchedule();             // the meaning column wraps: rows as tall as their text
    void fitSidePanel();            // shows the side panel only where the array stays readable beside it

    CgraArrayCanvas* canvas_;
    QWidget* side_ = nullptr;  // the schedule and counters
    double readableWidth_ = -1;  // the canvas's readableWidth when the side panel was last fitted
    QTableWidget* loops_;
    QLabel* counters_;
    QLabel* heading_;
};

}  // namespace dfl
