// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A dfl::Table (a report's per-layer or per-stage table) as a read-only Qt item model. Numbers are right
// aligned with thousands separators for reading; the sort role holds the raw value.

#include "core/sim/metrics_report.h"

#include <QAbstractTableModel>

namespace dfl {

class TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit TableModel(QObject* parent = nullptr);

    void setTable(Table table);
    const Table& table() const { return table_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Table table_;
};

// "forward_macs" → "Forward MACs (MAC)": column names as people read them.
QString columnTitle(const Column& column);
QString formatValue(double value);  // grouped digits for integers, 4 significant digits otherwise; NaN: "—"

}  // namespace dfl
