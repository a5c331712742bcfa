// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/comparison_view.h"

#include "core/scenario/comparison_metrics.h"
#include "core/sim/metrics_json.h"
#include "views/charts_view.h"
#include "views/module_view_registry.h"
#include "views/palette.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace dfl {

namespace {

constexpr int kTickMs = 50;
QString q(const std::string& s) { return QString::fromStdString(s); }
QString number(const std::optional<double>& v) { return v ? q(formatNumber(*v)) : QStringLiteral("—"); }

QToolButton* button(QWidget* parent, QStyle::StandardPixmap icon, const QString& text, const QString& tip) {
    auto* b = new QToolButton(parent);
    b->setIcon(parent->style()->standardIcon(icon));
    b->setText(text);
    b->setToolTip(tip);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return b;
}

}  // namespace

ComparisonView::ComparisonView(const Scenario& a, const Scenario& b, QWidget* parent)
    : QWidget(parent), scenarioA_(a), scenarioB_(b) {
    requireSameModule(a, b);
    setObjectName("comparison");
    setWindowTitle(tr("Compare — %1 vs %2").arg(q(a.name), q(b.name)));
    a_ = new SimulationController(this);
    b_ = new SimulationController(this);
    undo_ = new QUndoStack(this);

    // One clock for both sides.
    auto* clockBar = new QHBoxLayout;
    auto* resetB = button(this, QStyle::SP_MediaSkipBackward, tr("Reset"), tr("Both to cycle 0"));
    auto* backB = button(this, QStyle::SP_MediaSeekBackward, tr("Back"), tr("Both one cycle back (Left)"));
    runButton_ = button(this, QStyle::SP_MediaPlay, tr("Run"), tr("Run both on one clock / pause"));
    auto* stepB = button(this, QStyle::SP_MediaSeekForward, tr("Step"), tr("Both one cycle forward (Right, Space)"));
    backB->setShortcut(Qt::Key_Left);
    stepB->setShortcut(Qt::Key_Right);
    connect(resetB, &QToolButton::clicked, this, &ComparisonView::reset);
    connect(backB, &QToolButton::clicked, this, [this] { pause(); stepBack(); });
    connect(stepB, &QToolButton::clicked, this, [this] { pause(); step(); });
    connect(runButton_, &QToolButton::clicked, this, [this] { timer_.isActive() ? pause() : run(); });
    speed_ = new QComboBox(this);
    for (const auto& [label, value] : std::initializer_list<std::pair<const char*, double>>{
             {"1 /s", 1}, {"10 /s", 10}, {"100 /s", 100}, {"1 k/s", 1e3}, {"100 k/s", 1e5}})
        speed_->addItem(tr(label), value);
    speed_->setCurrentIndex(1);
    speed_->setToolTip(tr("Cycles per second while running"));
    clock_ = new QLabel(this);
    clock_->setFont(scaledFont(11, true));
    for (QWidget* w : std::initializer_list<QWidget*>{resetB, backB, runButton_, stepB}) clockBar->addWidget(w);
    clockBar->addWidget(new QLabel(tr(" Speed "), this));
    clockBar->addWidget(speed_);
    clockBar->addSpacing(12);
    clockBar->addWidget(clock_, 1);

    auto* sides = new QSplitter(Qt::Horizontal, this);
    sides->addWidget(makeSide(a_, a, "A"));
    sides->addWidget(makeSide(b_, b, "B"));

    table_ = new QTableWidget(0, 6, this);
    table_->setHorizontalHeaderLabels({tr("Figure"), tr("Unit"), tr("A"), tr("B"), tr("B − A"), tr("B / A")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->setAlternatingRowColors(true);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(sides);
    vertical->addWidget(table_);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({620, 360});  // the table shows a dozen figures without scrolling
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(clockBar);
    layout->addWidget(vertical, 1);

    for (SimulationController* c : {a_, b_}) {
        connect(c, &SimulationController::metricsChanged, this, &ComparisonView::refreshTable);
        connect(c, &SimulationController::cycleChanged, this, &ComparisonView::refreshClock);
    }
    connect(&timer_, &QTimer::timeout, this, &ComparisonView::tick);
    a_->loadScenario(a);  // after the views connected (recorders need every cycle)
    b_->loadScenario(b);
    refreshClock();
    resize(1600, 1000);
}

ComparisonView::~ComparisonView() { timer_.stop(); }

QWidget* ComparisonView::makeSide(SimulationController* controller, const Scenario& scenario, const QString& tag) {
    auto* side = new QWidget(this);
    QStringList diffs;
    const bool isA = tag == "A";
    for (const ParamDifference& d : compareParams(scenarioA_, scenarioB_))
        diffs << QString("%1 = %2").arg(q(d.key), q(isA ? d.a : d.b)).toHtmlEscaped();
    auto* header = new QLabel(QString("<b>%1: %2</b><br>%3")
                                  .arg(tag, q(scenario.name).toHtmlEscaped(),
                                       diffs.isEmpty() ? tr("same parameters") : diffs.join(" · ")),
                              side);
    header->setWordWrap(true);
    header->setObjectName("header" + tag);
    auto* tabs = new QTabWidget(side);
    tabs->setDocumentMode(true);
    const ModuleViewContext context{controller, undo_};
    for (const ModuleViewFactory& f : moduleViews(scenario.module))
        if (QWidget* view = f.create(context, tabs)) tabs->addTab(view, q(f.dockTitle));
    tabs->addTab(new ChartsView(controller, tabs), tr("Charts"));
    auto* layout = new QVBoxLayout(side);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(header);
    layout->addWidget(tabs, 1);
    return side;
}

void ComparisonView::seek(qint64 cycle) {
    cycle_ = std::max<qint64>(0, cycle);
    a_->seek(cycle_);
    b_->seek(cycle_);
    refreshClock();
}

void ComparisonView::run() {
    carry_ = 0;
    timer_.start(kTickMs);
    runButton_->setText(tr("Pause"));
    runButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
}

void ComparisonView::pause() {
    timer_.stop();
    runButton_->setText(tr("Run"));
    runButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

void ComparisonView::tick() {
    const bool bothDone = a_->isDone() && b_->isDone() && a_->cycle() < cycle_ && b_->cycle() < cycle_;
    if (bothDone) {
        pause();
        return;
    }
    carry_ += speed_->currentData().toDouble() * kTickMs / 1000.0;
    const auto advance = std::int64_t(carry_);
    if (advance == 0) return;
    carry_ -= double(advance);
    seek(cycle_ + advance);
}

void ComparisonView::refreshClock() {
    auto side = [](const SimulationController* c) {
        QString t = QString::number(c->cycle());
        if (c->expectedCycles() >= 0) t += " / " + QString::number(c->expectedCycles());
        if (c->isDone() && c->expectedCycles() != 0) t += tr(" (done)");
        return t;
    };
    clock_->setText(tr("Clock: cycle %1    A: %2    B: %3").arg(cycle_).arg(side(a_), side(b_)));
}

void ComparisonView::refreshTable() {
    const MetricsPtr ma = a_->metrics(), mb = b_->metrics();
    if (!ma || !mb) return;
    const std::vector<FigureComparison> rows = compareFigures(*ma, *mb);
    table_->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const FigureComparison& f = rows[size_t(r)];
        const auto ratio = f.ratio();
        const QStringList cells{q(f.key), q(f.unit), number(f.a), number(f.b), number(f.difference()),
                                ratio ? QString::number(*ratio, 'g', 4) + "×" : QStringLiteral("—")};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c >= 2) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c == 0) item->setToolTip(q(f.description));
            QFont font = item->font();
            font.setBold(f.differs() && c >= 2);  // where the two configurations part ways
            item->setFont(font);
            table_->setItem(r, c, item);
        }
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
}

}  // namespace dfl
