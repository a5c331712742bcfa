// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The NeuroTrainer cube from above: the PE vaults in a ring around the logic die, each with its PE (three buffer
// gauges and the MAC array), the common-data vault in the middle with the bus to every PE. Words travel as dots:
// vault → PE for loads, PE → vault for write-backs, out along every bus spoke for a broadcast, in along one
// spoke for a merge (fixed priority: PE 0 first). Beside it: the op in flight and both PMAGs' seven counters with
// the address they emit.

#include "core/neurotrainer/nt_frame.h"
#include "core/sim/frame.h"
#include "views/drawn_text.h"
#include "views/hover_tips.h"
#include "views/module_view_context.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTableWidget;

namespace dfl {

class NtCubeCanvas : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    explicit NtCubeCanvas(QWidget* parent = nullptr);
    void setFrame(std::shared_ptr<const nt::NtFrame> frame);
    QSize sizeHint() const override { return {760, 640}; }
    QSize minimumSizeHint() const override;
    const DrawnText& drawnText() const override { return text_; }
    // What a hover at `at` explains (a vault, a PE, a bus spoke and its beat, the common vault), as drawn last.
    QString toolTipAt(QPointF at) const { return tips_.at(at); }
    // The tooltips' words, from the frame alone (tests call them without painting).
    QString explainVault(int pe) const;
    QString explainPe(int pe) const;
    QString explainBus(int pe) const;
    QString explainCommonVault() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltips

private:
    std::shared_ptr<const nt::NtFrame> frame_;
    DrawnText text_;
    HoverTips tips_;
};

class NtCubeView : public QWidget {
    Q_OBJECT
public:
    NtCubeView(const ModuleViewContext& context, QWidget* parent = nullptr);
    void setFrame(const FramePtr& frame);

private:
    void applyPresentationScale();  // the side panel's fonts (the canvas reads the scale when it paints)
    void fitCounters();

    NtCubeCanvas* canvas_;
    QLabel* op_;
    QTableWidget* counters_;
    QLabel* heading_;
};

}  // namespace dfl
