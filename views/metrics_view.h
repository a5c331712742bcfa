// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The model's report: summary figures with units (hover for the formula with values substituted), reference
// checks against published values (pass/fail in colour and in words), stated assumptions, and each table in
// its own tab.

#include "views/simulation_controller.h"

#include <QWidget>

class QLabel;
class QTabWidget;
class QTableWidget;

namespace dfl {

class MetricsView : public QWidget {
    Q_OBJECT
public:
    explicit MetricsView(SimulationController* controller, QWidget* parent = nullptr);

    void setReport(const MetricsReport& report);
    QTableWidget* summary() const { return summary_; }
    QTableWidget* references() const { return references_; }
    QTabWidget* tabs() const { return tabs_; }

private:
    void setTables(const std::vector<Table>& tables);
    QTabWidget* tabs_;
    QTableWidget* summary_;
    QTableWidget* references_;
    QLabel* assumptions_;
    std::vector<std::string> tableNames_;
};

}  // namespace dfl
