#include "views/neurotrainer/nt_programs_view.h"

#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/scaled_table.h"
#include "views/simulation_controller.h"
#include "views/table_model.h"

#include <QHeaderView>
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
    applyPresentationScale();
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this,
            &NtProgramsView::applyPresentationScale);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
    if (context.controller) {
        connect(context.controller, &SimulationController::metricsChanged, this, [this](MetricsPtr m, ChartsPtr) {
            if (m) setReport(*m);
        });
        if (context.controller->metrics()) setReport(*context.controller->metrics());
    }
}

void NtProgramsView::applyPresentationScale() {
    applyScaledTableFont(table_, 10);
    summary_->setFont(scaledFont(11));
}

void NtProgramsView::setReport(const MetricsReport& report) {
    const Table* t = report.table("programs");
    if (!t) return;
    model_->setTable(*t);
    table_->resizeColumnsToContents();
    summary_->setText(tr("<b>PMAG programs</b> (Tables 2–3: ranges R1…R7 of the nested counters, the counters feeding "
                         "f(a,b,c,d)) and <b>PE programs</b> (Table 4: precision, CNT2, CNT1) for %1 programmed ops; "
                         "22 bytes each in the iBuffer.")
                          .arg(t->rows.size()));
}

}  // namespace dfl
