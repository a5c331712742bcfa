// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/table_model.h"

#include "core/sim/metrics_json.h"

#include <QLocale>

#include <cmath>

namespace dfl {

namespace {

QLocale readable() {
    QLocale l(QLocale::English);
    l.setNumberOptions(QLocale::DefaultNumberOptions);  // with group separators
    return l;
}

}  // namespace

QString formatValue(double value) {
    // NaN is how a model says "not produced yet" (a convergence target not reached so far): a dash, not "nan".
    if (std::isnan(value)) return QStringLiteral("—");
    if (!std::isfinite(value)) return value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    if (value == std::floor(value) && std::abs(value) < 1e15) return readable().toString(qlonglong(value));
    // The locale writes an exponent with a capital E ("3.088E+05" beside "2.25e+06"): wherever the 4 significant
    // digits need an exponent, it is QString::number's lower-case one.
    const QString grouped = readable().toString(value, 'g', 4);
    return grouped.contains('E') ? QString::number(value, 'g', 4) : grouped;
}

QString columnTitle(const Column& column) {
    QString name = QString::fromStdString(column.name);
    name.replace('_', ' ');
    name.replace("macs", "MACs");
    if (!name.isEmpty()) name[0] = name[0].toUpper();
    if (!column.unit.empty()) name += " (" + QString::fromStdString(column.unit) + ")";
    return name;
}

TableModel::TableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TableModel::setTable(Table table) {
    beginResetModel();
    table_ = std::move(table);
    endResetModel();
}

int TableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(table_.rows.size()); }
int TableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(table_.columns.size()); }

QVariant TableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || size_t(index.row()) >= table_.rows.size()) return {};
    const auto& row = table_.rows[size_t(index.row())];
    if (size_t(index.column()) >= row.size()) return {};
    const Cell& cell = row[size_t(index.column())];
    const bool numeric = !std::holds_alternative<std::string>(cell);
    switch (role) {
    case Qt::DisplayRole:
        if (const auto* i = std::get_if<std::int64_t>(&cell)) return readable().toString(qlonglong(*i));
        if (const auto* d = std::get_if<double>(&cell)) return formatValue(*d);
        return QString::fromStdString(std::get<std::string>(cell));
    case Qt::TextAlignmentRole:
        return numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return QString::fromStdString(cellText(cell));
    case Qt::UserRole:  // raw value, for sorting
        if (const auto* i = std::get_if<std::int64_t>(&cell)) return qlonglong(*i);
        if (const auto* d = std::get_if<double>(&cell)) return *d;
        return QString::fromStdString(std::get<std::string>(cell));
    default: return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    if (size_t(section) >= table_.columns.size()) return {};
    return columnTitle(table_.columns[size_t(section)]);
}

}  // namespace dfl
