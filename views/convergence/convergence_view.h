// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The convergence comparison while it trains: Train / Cancel, a progress bar, test error against time and against
// mini-batches (a marker where each run reaches the target), the training loss, and the speed-up table beside
// them. Training runs on the controller's worker thread; this view only starts, pauses and reads.

#include "core/sim/metrics_report.h"
#include "views/module_view_context.h"
#include "views/simulation_controller.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTabWidget;
class QProgressBar;
class QPushButton;
class QTableView;

namespace dfl {

class ChartPanel;
class TableModel;

class ConvergenceView : public QWidget {
    Q_OBJECT
public:
    ConvergenceView(const ModuleViewContext& context, QWidget* parent = nullptr);

    // What the controller's signals deliver (tests call these directly).
    void setReport(const MetricsPtr& metrics, const ChartsPtr& charts);
    void setProgress(qint64 miniBatches, qint64 total, bool done);
    void setRunning(bool running);

    ChartPanel* chart(const std::string& id) const;  // "test_error_vs_time", … ; null when unknown
    const TableModel* speedupTable() const { return table_; }
    QTableView* speedupTableView() const { return tableView_; }
    bool tableIsATab() const;  // presentation on a screen too narrow for the charts and the table side by side

private:
    void applyPresentationScale();  // fonts of the labels and the table, live
    void fitTable();
    void arrange();  // the table beside the charts, under them, or (presentation, narrow screen) a tab of theirs

    SimulationController* controller_;
    QPushButton *train_, *cancel_;
    QProgressBar* progress_;
    QLabel *status_, *tableTitle_;
    ChartPanel *byTime_, *byBatch_, *loss_;
    TableModel* table_;
    QTableView* tableView_;
    QSplitter* split_ = nullptr;  // the charts over the table; side by side in presentation mode
    QTabWidget* tabs_ = nullptr;  // one chart at a time; in presentation on a narrow screen the table too
    QWidget* tableBox_ = nullptr;
};

}  // namespace dfl
