// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One tab per chart the model reports (ClockedModel::charts()), each a ChartPanel, refreshed on every
// metricsChanged. Tabs are kept when the set of charts is unchanged, so the reader's tab stays selected.

#include "views/simulation_controller.h"

#include <QWidget>

#include <functional>
#include <string>

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
    // Says whether a chart (by id) is already on screen in another view (the convergence view's own tabs): a new
    // set of charts opens on the first tab not shown there, so the same chart is not shown twice side by side.
    void setShownElsewhere(std::function<bool(const std::string&)> shownElsewhere) { shownElsewhere_ = std::move(shownElsewhere); }

private:
    QTabWidget* tabs_;
    QLabel* empty_;
    std::vector<ChartSpec> charts_;
    std::function<bool(const std::string&)> shownElsewhere_;
};

}  // namespace dfl
