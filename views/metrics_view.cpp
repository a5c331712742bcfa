// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/metrics_view.h"

#include "views/palette.h"
#include "views/table_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>

#include <cmath>
#include <QVBoxLayout>


namespace dfl {

namespace {

constexpr int kFixedTabs = 2;  // Summary, Assumptions; then one per table

// The word (with a symbol) and colour of a reference status; the word is the cue, the colour a second one.
std::pair<QString, QColor> referenceVerdict(ReferenceStatus status) {
    switch (status) {
    case ReferenceStatus::Pass: return {MetricsView::tr("✓ pass"), palette::pass()};
    case ReferenceStatus::Fail: return {MetricsView::tr("✗ fail"), palette::fail()};
    case ReferenceStatus::NotReproduced: return {MetricsView::tr("≠ not reproduced"), palette::notReproduced()};
    case ReferenceStatus::InconsistentSource: return {MetricsView::tr("⚠ inconsistent source"), palette::inconsistentSource()};
    }
    return {MetricsView::tr("✗ fail"), palette::fail()};
}

QTableWidget* makeTable(const QStringList& headers, QWidget* parent) {
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setWordWrap(false);
    return t;
}

QTableWidgetItem* item(const QString& text, const QString& tooltip = {}, bool number = false) {
    auto* i = new QTableWidgetItem(text);
    if (!tooltip.isEmpty()) i->setToolTip(tooltip);
    if (number) i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return i;
}

}  // namespace

MetricsView::MetricsView(SimulationController* controller, QWidget* parent) : QWidget(parent) {
    tabs_ = new QTabWidget(this);
    auto* page = new QWidget(tabs_);
    summary_ = makeTable({tr("Figure"), tr("Value"), tr("Unit"), tr("Meaning")}, page);
    summary_->setToolTip(tr("Hover a figure to see how it was obtained"));
    references_ = makeTable({tr("Check"), tr("Published"), tr("Simulated"), tr("Rel. error"), tr("Tolerance"), tr("Source")}, page);
    assumptions_ = new QLabel(page);
    assumptions_->setWordWrap(true);
    assumptions_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* split = new QSplitter(Qt::Vertical, page);
    split->addWidget(summary_);
    split->addWidget(references_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split, 1);
    tabs_->addTab(page, tr("Summary"));
    // Assumptions can be long; a tab of their own keeps the figures readable.
    auto* scroll = new QScrollArea(tabs_);
    scroll->setWidgetResizable(true);
    scroll->setWidget(assumptions_);
    assumptions_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    assumptions_->setMargin(6);
    tabs_->addTab(scroll, tr("Assumptions"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(tabs_);
    references_->hide();
    connect(controller, &SimulationController::metricsChanged, this,
            [this](MetricsPtr report, ChartsPtr) { if (report) setReport(*report); });
}

void MetricsView::setReport(const MetricsReport& report) {
    summary_->setRowCount(int(report.summary.size()));
    for (int r = 0; r < int(report.summary.size()); ++r) {
        const Figure& f = report.summary[size_t(r)];
        QString tip = QString::fromStdString(f.description);
        if (!f.formula.empty()) tip += (tip.isEmpty() ? "" : "\n") + tr("= %1").arg(QString::fromStdString(f.formula));
        summary_->setItem(r, 0, item(QString::fromStdString(f.key), tip));
        summary_->setItem(r, 1, item(formatValue(f.value), tip, true));
        summary_->setItem(r, 2, item(QString::fromStdString(f.unit), tip));
        summary_->setItem(r, 3, item(QString::fromStdString(f.description), tip));
    }
    summary_->resizeColumnsToContents();
    summary_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);  // meaning: wraps to the dock

    references_->setVisible(!report.references.empty());
    references_->setRowCount(int(report.references.size()));
    for (int r = 0; r < int(report.references.size()); ++r) {
        const ReferenceCheck& c = report.references[size_t(r)];
        // A figure the run has not produced yet (a training target not reached so far) is not a failure.
        const bool pending = !c.simulated || std::isnan(*c.simulated);
        QString why = QString::fromStdString(c.reference.reason);
        if (c.reference.impliedValue)
            why += tr("\nThe source's own figures imply %1.").arg(formatValue(*c.reference.impliedValue));
        if (!c.note.empty()) why += "\n" + QString::fromStdString(c.note);
        if (pending) why = tr("The run has not produced this figure yet");
        const auto [verdict, colour] = referenceVerdict(c.status);
        auto* key = item((pending ? tr("— not yet") : verdict) + "  " + QString::fromStdString(c.reference.key), why.trimmed());
        if (!pending) {
            key->setBackground(colour);
            key->setForeground(palette::textOn(colour));
        }
        references_->setItem(r, 0, key);
        references_->setItem(r, 1, item(formatValue(c.reference.published), {}, true));
        references_->setItem(r, 2, item(pending ? QStringLiteral("—") : formatValue(*c.simulated), {}, true));
        references_->setItem(r, 3, item(pending ? QStringLiteral("—") : QString::number(c.relError * 100, 'g', 3) + " %", {}, true));
        references_->setItem(r, 4, item(QString::number(c.reference.relTol * 100, 'g', 3) + " %", {}, true));
        const QString source = QString::fromStdString(c.reference.source);
        references_->setItem(r, 5, item(c.reference.reason.empty() ? source : source + " — " + QString::fromStdString(c.reference.reason),
                                         why.trimmed()));
    }
    references_->resizeColumnsToContents();
    references_->horizontalHeader()->setSectionResizeMode(5, QHeaderView::Stretch);

    QStringList lines;
    for (const auto& a : report.assumptions) lines << "• " + QString::fromStdString(a).toHtmlEscaped();
    assumptions_->setText(lines.isEmpty() ? tr("The model states no assumptions.") : lines.join("<br>"));
    setTables(report.tables);
}

void MetricsView::setTables(const std::vector<Table>& tables) {
    std::vector<std::string> names;
    for (const Table& t : tables) names.push_back(t.name);
    if (names != tableNames_) {  // new set of tables: rebuild the tabs; otherwise refill them in place
        while (tabs_->count() > kFixedTabs) {
            QWidget* w = tabs_->widget(kFixedTabs);
            tabs_->removeTab(kFixedTabs);
            delete w;
        }
        for (const Table& t : tables) {
            auto* view = new QTableView(tabs_);
            view->setModel(new TableModel(view));
            view->setAlternatingRowColors(true);
            view->horizontalHeader()->setStretchLastSection(true);
            tabs_->addTab(view, QString::fromStdString(t.name));
        }
        tableNames_ = names;
    }
    for (size_t i = 0; i < tables.size(); ++i) {
        auto* view = static_cast<QTableView*>(tabs_->widget(int(i) + kFixedTabs));
        auto* model = static_cast<TableModel*>(view->model());
        const bool first = model->rowCount() == 0;
        model->setTable(tables[i]);
        if (first) view->resizeColumnsToContents();
    }
}

}  // namespace dfl
