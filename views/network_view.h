// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The scenario's network: a table of layers (type, shapes, parameters, MACs, activations) and the per-layer
// cost chart. Shown for every module whose scenario names a network.

#include "core/network/network.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;

namespace dfl {

class ChartPanel;
class SimulationController;
class TableModel;

class NetworkView : public QWidget {
    Q_OBJECT
public:
    explicit NetworkView(SimulationController* controller, QWidget* parent = nullptr);

    void setNetwork(const Network* network);  // null: "this scenario has no network"
    QTableView* table() const { return table_; }
    TableModel* model() const { return model_; }
    ChartPanel* chart() const { return chart_; }

private:
    QLabel* heading_;
    QSplitter* splitter_;
    QTableView* table_;
    TableModel* model_;
    ChartPanel* chart_;
};

}  // namespace dfl
