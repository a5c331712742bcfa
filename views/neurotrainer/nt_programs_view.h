// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The generated instruction set: every op's PMAG program (R1…R7, f(a,b,c,d)) and PE program (precision, CNT2,
// CNT1), as the host writes them into the iBuffer, from the report's "programs" table. The rows of the operation
// running now are selected, and a line above says what the machine does this cycle (while it loads: what and why).

#include "core/neurotrainer/nt_frame.h"
#include "core/sim/metrics_report.h"
#include "views/module_view_context.h"

#include <QList>
#include <QWidget>

class QLabel;
class QTableView;

namespace dfl {

class TableModel;

class NtProgramsView : public QWidget {
    Q_OBJECT
public:
    NtProgramsView(const ModuleViewContext& context, QWidget* parent = nullptr);
    void setReport(const MetricsReport& report);
    void setFrame(const nt::NtFrame& frame);
    QString nowText() const;
    QList<int> runningRows() const { return running_; }

private:
    void applyPresentationScale();  // fonts follow presentation mode live
    QList<int> rowsOf(const QString& layer, const QString& operation) const;  // the op's program rows
    void highlightRunning();

    TableModel* model_;
    QTableView* table_;
    QLabel* summary_;
    QLabel* now_;
    QList<int> running_;
    QString runningLayer_, runningOperation_;
};

}  // namespace dfl
