// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/convergence/convergence_view.h"

#include "views/view_controls.h"
#include "views/chart_panel.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/scaled_table.h"
#include "views/table_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QProgressBar>
#include <QScreen>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cstdlib>

namespace dfl {

namespace {

// The speed-up table as a lecturer reads it: the schedules table without the partition column, with headers short
// enough for a narrow dock.
Table speedupColumns(const Table& schedules) {
    const std::vector<std::pair<std::string, Column>> keep{
        {"schedule", {"schedule", ""}},          {"speedup", {"speedup", "×"}},
        {"throughput_speedup", {"throughput", "×"}}, {"minibatches_to_target", {"batches_to_target", ""}},
        {"time_to_target", {"to_target", "ms"}},  {"final_test_error", {"final_error", ""}}};
    Table t{"speedups", {}, {}};
    std::vector<int> index;
    for (const auto& [name, column] : keep) {
        const int i = schedules.columnIndex(name);
        if (i < 0) continue;
        index.push_back(i);
        t.columns.push_back(column);
    }
    for (const auto& row : schedules.rows) {
        std::vector<Cell> cells;
        for (int i : index) cells.push_back(row[size_t(i)]);
        t.addRow(std::move(cells));
    }
    return t;
}

// Column titles on two lines, broken at the space nearest the middle ("Batches\nto target"): six columns then fit
// a docked view even at presentation size instead of cutting every title.
class TwoLineHeaders : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        const QVariant value = QIdentityProxyModel::headerData(section, orientation, role);
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return value;
        QString title = value.toString();
        const qsizetype middle = title.size() / 2;
        qsizetype best = -1;
        for (qsizetype i = 0; i < title.size(); ++i)
            if (title[i] == ' ' && (best < 0 || std::abs(i - middle) < std::abs(best - middle))) best = i;
        if (best > 0) title[best] = '\n';
        return title;
    }
};

}  // namespace

ConvergenceView::ConvergenceView(const ModuleViewContext& context, QWidget* parent)
    : QWidget(parent), controller_(context.controller) {
    train_ = new QPushButton(tr("Train"), this);
    train_->setToolTip(tr("Train every run at full speed in the background"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop training here (Train continues from this mini-batch)"));
    cancel_->setEnabled(false);
    progress_ = new QProgressBar(this);
    progress_->setFormat(tr("%v / %m mini-batches"));
    progress_->setRange(0, 1);
    status_ = new QLabel(this);
    status_->setWordWrap(true);

    byTime_ = new ChartPanel(this);
    byBatch_ = new ChartPanel(this);
    loss_ = new ChartPanel(this);
    table_ = new TableModel(this);
    tableView_ = new QTableView(this);
    auto* headers = new TwoLineHeaders(this);
    headers->setSourceModel(table_);
    tableView_->setModel(headers);
    tableView_->verticalHeader()->hide();
    // Columns as wide as their two-line titles and numbers: a stretched column would push the others out of a
    // narrow dock, or stand mostly empty in a wide one.
    tableView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tableView_->setWordWrap(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(train_);
    bar->addWidget(cancel_);
    markAsViewControl(train_);
    markAsViewControl(cancel_);
    bar->addWidget(progress_, 1);
    // One chart at a time at the dock's full width (a docked view is often narrow), the speed-up table below.
    auto* tabs = tabs_ = new QTabWidget(this);
    tabs->addTab(byTime_, tr("Error vs time"));
    tabs->addTab(byBatch_, tr("Error vs mini-batches"));
    tabs->addTab(loss_, tr("Training loss"));
    auto* tableBox = tableBox_ = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableTitle_ = new QLabel(tr("Speed-up to the target error against naive SGD"), tableBox);
    tableTitle_->setWordWrap(true);
    tableLayout->addWidget(tableTitle_);
    tableLayout->addWidget(tableView_, 1);
    tableLayout->addWidget(status_);
    split_ = new QSplitter(Qt::Vertical, this);
    auto* split = split_;
    split->addWidget(tabs);
    split->addWidget(tableBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    applyPresentationScale();
    // The table and labels have their fonts set, not read at paint time, so they follow presentation mode here.
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this,
            &ConvergenceView::applyPresentationScale);

    if (!controller_) return;
    connect(train_, &QPushButton::clicked, this, [this] {
        controller_->setSpeed(SimulationController::MaxSpeed);
        controller_->run();
    });
    connect(cancel_, &QPushButton::clicked, controller_, &SimulationController::pause);
    connect(controller_, &SimulationController::metricsChanged, this, &ConvergenceView::setReport);
    connect(controller_, &SimulationController::cycleChanged, this, &ConvergenceView::setProgress);
    connect(controller_, &SimulationController::runningChanged, this, &ConvergenceView::setRunning);
    if (controller_->metrics()) setReport(controller_->metrics(), controller_->charts());
    setProgress(controller_->cycle(), controller_->expectedCycles(), controller_->isDone());
    setRunning(controller_->isRunning());
}

ChartPanel* ConvergenceView::chart(const std::string& id) const {
    if (id == "test_error_vs_time") return byTime_;
    if (id == "test_error_vs_minibatches") return byBatch_;
    if (id == "train_loss_vs_minibatches") return loss_;
    return nullptr;
}

void ConvergenceView::setReport(const MetricsPtr& metrics, const ChartsPtr& charts) {
    if (charts)
        for (const ChartSpec& spec : *charts)
            if (ChartPanel* panel = chart(spec.id)) panel->setSpec(spec);
    if (!metrics || metrics->module != "convergence") return;
    if (const Table* schedules = metrics->table("schedules")) {
        table_->setTable(speedupColumns(*schedules));
        fitTable();
    }
    if (const Figure* reached = metrics->find("runs_reaching_target")) {
        const Table* schedules = metrics->table("schedules");
        status_->setText(tr("%1 of %2 runs reached the target error of %3 %")
                             .arg(int(reached->value))
                             .arg(schedules ? int(schedules->rows.size()) : 0)
                             .arg(100 * metrics->value("target_error")));
    }
}

bool ConvergenceView::tableIsATab() const { return tabs_->indexOf(tableBox_) >= 0; }

void ConvergenceView::applyPresentationScale() {
    status_->setFont(scaledFont(11));
    tableTitle_->setFont(scaledFont(12, true));
    applyScaledTableFont(tableView_, 11);
    fitTable();
}

void ConvergenceView::arrange() {
    // At presentation size the chart and the table stacked are taller than a 1280 x 800 screen: side by side, where
    // the screen leaves the chart room beside the table (at 1280 x 800 the two side by side left the chart 400 px,
    // its tick labels elided); else the table is the charts' last tab, "Speed-ups".
    const bool presenting = presentationScale() > 1;
    const int screenWidth = screen() ? screen()->availableGeometry().width() : 1280;
    const int sideBySide = 2 * tabs_->minimumSizeHint().width() + tableBox_->minimumSizeHint().width() + split_->handleWidth();
    const bool asTab = presenting && sideBySide > screenWidth;
    if (asTab && !tableIsATab()) {
        tabs_->addTab(tableBox_, tr("Speed-ups"));
    } else if (!asTab && tableIsATab()) {
        tabs_->removeTab(tabs_->indexOf(tableBox_));
        split_->addWidget(tableBox_);
        split_->setStretchFactor(1, 1);
    }
    split_->setOrientation(presenting ? Qt::Horizontal : Qt::Vertical);
}

void ConvergenceView::fitTable() {
    // Every run's row and every column stay visible however the splitter or the dock is dragged: the table is the
    // point of the view.
    QHeaderView* header = tableView_->horizontalHeader();
    int width = 2 * tableView_->frameWidth() + tableView_->verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < header->count(); ++c) width += header->sectionSizeHint(c);
    tableView_->setMinimumWidth(width);
    tableView_->setMinimumHeight(header->sizeHint().height() +
                                 table_->rowCount() * tableView_->verticalHeader()->defaultSectionSize() +
                                 2 * tableView_->frameWidth());
    arrange();  // the table's width decides whether it fits beside the charts
}

void ConvergenceView::setProgress(qint64 miniBatches, qint64 total, bool done) {
    progress_->setRange(0, int(std::max<qint64>(total, 1)));
    progress_->setValue(int(miniBatches));
    train_->setEnabled(!done && !cancel_->isEnabled());
}

void ConvergenceView::setRunning(bool running) {
    cancel_->setEnabled(running);
    train_->setEnabled(!running && progress_->value() < progress_->maximum());
}

}  // namespace dfl
