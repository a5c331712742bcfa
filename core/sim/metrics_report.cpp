#include "core/sim/metrics_report.h"

#include <cmath>
#include <stdexcept>

namespace dfl {

void Table::addRow(std::vector<Cell> row) {
    if (row.size() != columns.size())
        throw std::logic_error("table '" + name + "': row has " + std::to_string(row.size()) + " cells, expected " +
                               std::to_string(columns.size()));
    rows.push_back(std::move(row));
}

int Table::columnIndex(const std::string& column) const {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == column) return int(i);
    return -1;
}

Figure& MetricsReport::add(std::string key, double value, std::string unit, std::string formula,
                           std::string description) {
    summary.push_back({std::move(key), value, std::move(unit), std::move(formula), std::move(description)});
    return summary.back();
}

const Figure* MetricsReport::find(const std::string& key) const {
    for (const Figure& f : summary)
        if (f.key == key) return &f;
    return nullptr;
}

double MetricsReport::value(const std::string& key) const {
    if (const Figure* f = find(key)) return f->value;
    throw std::out_of_range("no summary figure '" + key + "'");
}

Table& MetricsReport::addTable(std::string name, std::vector<Column> columns) {
    tables.push_back({std::move(name), std::move(columns), {}});
    return tables.back();
}

const Table* MetricsReport::table(const std::string& name) const {
    for (const Table& t : tables)
        if (t.name == name) return &t;
    return nullptr;
}

bool MetricsReport::checkReferences(const std::vector<Reference>& refs) {
    references.clear();
    for (const Reference& ref : refs) {
        ReferenceCheck check{ref, std::nullopt, 0, false};
        if (const Figure* f = find(ref.key)) {
            check.simulated = f->value;
            const double scale = std::fabs(ref.published);
            check.relError = scale > 0 ? std::fabs(f->value - ref.published) / scale : std::fabs(f->value);
            check.passed = check.relError <= ref.relTol;
        }
        references.push_back(check);
    }
    return allReferencesPassed();
}

bool MetricsReport::allReferencesPassed() const {
    for (const ReferenceCheck& c : references)
        if (!c.passed) return false;
    return true;
}

}  // namespace dfl
