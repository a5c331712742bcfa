// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/network_view.h"

#include "core/modules/network_module.h"
#include "views/chart_panel.h"
#include "views/presentation_scale.h"
#include "views/scaled_table.h"
#include "views/simulation_controller.h"
#include "views/table_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace dfl {

NetworkView::NetworkView(SimulationController* controller, QWidget* parent) : QWidget(parent) {
    heading_ = new QLabel(this);
    heading_->setWordWrap(true);
    model_ = new TableModel(this);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setStretchLastSection(true);
    // The layer table at the presentation scale, its columns as wide as their text: at 1.8 times the size it kept
    // the columns of the normal size and read "c…", "3x22…", "23,…" (the Network view under openbox at 1280 x 800).
    applyScaledTableFont(table_, 10);
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this,
            [this] { applyScaledTableFont(table_, 10); });
    chart_ = new ChartPanel(this);
    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->addWidget(table_);
    splitter_->addWidget(chart_);
    splitter_->setStretchFactor(0, 4);
    splitter_->setStretchFactor(1, 5);
    splitter_->setSizes({400, 500});  // the chart needs room for rotated layer names; the table scrolls
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(heading_);
    layout->addWidget(splitter_, 1);
    setNetwork(nullptr);
    connect(controller, &SimulationController::scenarioChanged, this,
            [this](ScenarioPtr s) { setNetwork(s && s->network ? &*s->network : nullptr); });
}

void NetworkView::setNetwork(const Network* network) {
    splitter_->setVisible(network != nullptr);
    if (!network) {
        heading_->setText(tr("This scenario has no network."));
        model_->setTable({});
        return;
    }
    heading_->setText(tr("<b>%1</b> — %2 layers, %3 parameters, %4 forward MACs per sample")
                          .arg(QString::fromStdString(network->name()).toHtmlEscaped())
                          .arg(network->layers().size())
                          .arg(formatValue(double(network->totalParams())))
                          .arg(formatValue(double(network->totalForwardMacs()))));
    model_->setTable(networkLayerTable(*network));
    table_->resizeColumnsToContents();
    chart_->setSpec(networkCostChart(*network));
}

}  // namespace dfl
