// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One tab per chart the model reports (ClockedModel::charts()), each a ChartPanel, refreshed on every
// metricsChanged. Tabs are kept when the set of charts is unchanged, so the reader's tab stays selected.

#include "views/simulation_controller.h"

#include <QWidget>

class QLabel;
class QTabWidget;

namespace dfl {

class ChartPanel;

class ChartsView : public QWidget {
    Q_OBJECT
public:
    explicit ChartsView(SimulationController* controller, QWidget* parent = nullptr);

    void setCharts(const std::vector<ChartSpec>& charts);
    const std::vector<ChartSpec>& charts() const { return charts_; }
    QTabWidget* tabs() const { return tabs_; }
    ChartPanel* panel(int index) const;

private:
    QTabWidget* tabs_;
    QLabel* empty_;
    std::vector<ChartSpec> charts_;
};

}  // namespace dfl
