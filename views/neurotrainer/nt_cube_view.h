// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The NeuroTrainer cube from above: the PE vaults in a ring around the logic die, each with its PE (three buffer
// gauges and the MAC array), the common-data vault in the middle with the bus to every PE. Words travel as dots:
// vault → PE for loads, PE → vault for write-backs, out along every bus spoke for a broadcast, in along one
// spoke for a merge (fixed priority: PE 0 first). Beside it: the op in flight and both PMAGs' seven counters with
// the address they emit.

#include "core/neurotrainer/nt_frame.h"
#include "core/sim/frame.h"
#include "views/module_view_context.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTableWidget;

namespace dfl {

class NtCubeCanvas : public QWidget {
    Q_OBJECT
public:
    explicit NtCubeCanvas(QWidget* parent = nullptr);
    void setFrame(std::shared_ptr<const nt::NtFrame> frame);
    QSize sizeHint() const override { return {760, 640}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::shared_ptr<const nt::NtFrame> frame_;
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
