// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/neurotrainer/nt_programs_view.h"

#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/scaled_table.h"
#include "views/simulation_controller.h"
#include "views/table_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace dfl {

NtProgramsView::NtProgramsView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    model_ = new TableModel(this);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    now_ = new QLabel(this);
    now_->setWordWrap(true);
    applyPresentationScale();
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this,
            &NtProgramsView::applyPresentationScale);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(now_);
    layout->addWidget(table_, 1);
    if (context.controller) {
        connect(context.controller, &SimulationController::frameReady, this, [this](FramePtr f) {
            if (auto frame = std::dynamic_pointer_cast<const nt::NtFrame>(f)) setFrame(*frame);
        });
        connect(context.controller, &SimulationController::metricsChanged, this, [this](MetricsPtr m, ChartsPtr) {
            if (m) setReport(*m);
        });
        if (context.controller->metrics()) setReport(*context.controller->metrics());
    }
}

void NtProgramsView::applyPresentationScale() {
    applyScaledTableFont(table_, 10);
    summary_->setFont(scaledFont(11));
    now_->setFont(scaledFont(11));
}

void NtProgramsView::highlightRunning() {
    // The operation running now: its program rows selected and in view (again after the table was refilled).
    const QList<int> rows = rowsOf(runningLayer_, runningOperation_);
    if (rows == running_ && table_->selectionModel()->selectedRows().size() == rows.size()) return;
    running_ = rows;
    table_->clearSelection();
    for (int r : rows)
        table_->selectionModel()->select(model_->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    if (!rows.isEmpty()) table_->scrollTo(model_->index(rows.front(), 0), QAbstractItemView::PositionAtCenter);
}

QList<int> NtProgramsView::rowsOf(const QString& layer, const QString& operation) const {
    QList<int> rows, sameLayer;
    for (int r = 0; r < model_->rowCount(); ++r) {
        if (model_->index(r, 0).data().toString() != layer) continue;
        sameLayer << r;
        if (model_->index(r, 1).data().toString() == operation) rows << r;
    }
    return rows.isEmpty() ? sameLayer : rows;
}

void NtProgramsView::setFrame(const nt::NtFrame& f) {
    const QString layer = QString::fromStdString(f.layer), operation = QString::fromStdString(f.operation);
    runningLayer_ = layer;
    runningOperation_ = operation;
    highlightRunning();
    QString doing;
    if (f.computing) {
        doing = tr("the MACs work on tile %1 of %2").arg(f.tile + 1).arg(f.tiles);
    } else if (f.vaultMove == 'R') {
        // Before the first tile nothing can be computed: each PE's input buffers fill from its own vault.
        doing = tr("loading: each PE reads %1 words from its own vault into its input buffers (%2 of %3 so far) — "
                   "the MACs wait until a whole tile is in, because they take their operands only from the buffers")
                    .arg(f.vaultTotal).arg(f.vaultDone).arg(f.vaultTotal);
    } else if (f.busMove == 'B') {
        doing = tr("broadcasting from the common vault to every PE (%1 of %2 words): data all PEs share").arg(f.busDone).arg(f.busTotal);
    } else if (f.busMove == 'M') {
        doing = tr("merging partial results into the common vault, one PE at a time (%1 of %2 words)").arg(f.busDone).arg(f.busTotal);
    } else if (f.vaultMove == 'W') {
        doing = tr("writing results back to the PE vaults (%1 of %2 words)").arg(f.vaultDone).arg(f.vaultTotal);
    } else {
        doing = tr("waiting");
    }
    now_->setText(tr("<b>Now (cycle %1):</b> op %2 of %3, %4 %5 — cycle %6 of %7 of this op: %8.")
                      .arg(f.cycle).arg(f.opIndex + 1).arg(f.opCount).arg(layer.toHtmlEscaped(), operation.toHtmlEscaped())
                      .arg(f.opCycle).arg(f.opCycles).arg(doing.toHtmlEscaped()));
}

void NtProgramsView::setReport(const MetricsReport& report) {
    const Table* t = report.table("programs");
    if (!t) return;
    model_->setTable(*t);
    table_->resizeColumnsToContents();
    highlightRunning();
    summary_->setText(tr("<b>PMAG programs</b> (Tables 2–3: ranges R1…R7 of the nested counters, the counters feeding "
                         "f(a,b,c,d)) and <b>PE programs</b> (Table 4: precision, CNT2, CNT1) for %1 programmed ops; "
                         "22 bytes each in the iBuffer.")
                          .arg(t->rows.size()));
}

QString NtProgramsView::nowText() const { return now_->text(); }

}  // namespace dfl
