#pragma once
// The generated instruction set: every op's PMAG program (R1…R7, f(a,b,c,d)) and PE program (precision, CNT2,
// CNT1), as the host writes them into the iBuffer, from the report's "programs" table.

#include "core/sim/metrics_report.h"
#include "views/module_view_context.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace dfl {

class TableModel;

class NtProgramsView : public QWidget {
    Q_OBJECT
public:
    NtProgramsView(const ModuleViewContext& context, QWidget* parent = nullptr);
    void setReport(const MetricsReport& report);

private:
    void applyPresentationScale();  // fonts follow presentation mode live

    TableModel* model_;
    QTableView* table_;
    QLabel* summary_;
};

}  // namespace dfl
