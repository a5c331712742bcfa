// SPDX-License-Identifier: GPL-3.0-or-later
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

std::string referenceStatusName(ReferenceStatus status) {
    switch (status) {
    case ReferenceStatus::Pass: return "pass";
    case ReferenceStatus::Fail: return "fail";
    case ReferenceStatus::NotReproduced: return "not-reproduced";
    case ReferenceStatus::InconsistentSource: return "inconsistent-source";
    }
    return "fail";
}

namespace {

double relativeError(double simulated, double published) {
    const double scale = std::fabs(published);
    return scale > 0 ? std::fabs(simulated - published) / scale : std::fabs(simulated);
}

}  // namespace

ReferenceCheck checkReference(const Reference& ref, std::optional<double> simulated,
                              std::optional<std::pair<double, double>> range) {
    ReferenceCheck check;
    check.reference = ref;
    check.simulated = simulated;
    check.range = range;
    if (!simulated || (ref.within && !range)) {
        check.status = ReferenceStatus::Fail;
        check.note = !simulated ? "the model reports no summary figure '" + ref.key + "'"
                                : "the model reports no summary figures '" + ref.within->first + "' and '" +
                                      ref.within->second + "'";
        return check;
    }
    check.relError = relativeError(*simulated, ref.published);
    const bool within = range ? ref.published >= range->first * (1 - ref.relTol) &&
                                    ref.published <= range->second * (1 + ref.relTol)
                              : check.relError <= ref.relTol;
    check.withinTolerance = within;
    switch (ref.expect) {
    case ReferenceExpectation::Match:
        check.status = within ? ReferenceStatus::Pass : ReferenceStatus::Fail;
        break;
    case ReferenceExpectation::NotReproduced:
        check.status = within ? ReferenceStatus::Pass : ReferenceStatus::NotReproduced;
        if (within)
            check.note = "declared not-reproduced, but the simulated value is within tolerance: the declaration is "
                         "out of date";
        break;
    case ReferenceExpectation::InconsistentSource: {
        const double implied = ref.impliedValue.value_or(ref.published);
        check.impliedRelError = relativeError(*simulated, implied);
        const bool withinImplied = *check.impliedRelError <= ref.relTol;
        check.status = withinImplied ? ReferenceStatus::InconsistentSource : ReferenceStatus::Fail;
        if (!withinImplied)
            check.note = "declared inconsistent-source, but the simulated value misses the implied figure too";
        break;
    }
    }
    return check;
}

bool MetricsReport::checkReferences(const std::vector<Reference>& refs) {
    references.clear();
    for (const Reference& ref : refs) {
        const Figure* f = find(ref.key);
        std::optional<std::pair<double, double>> range;
        if (ref.within) {
            const Figure* lo = find(ref.within->first);
            const Figure* hi = find(ref.within->second);
            if (lo && hi) range = std::make_pair(lo->value, hi->value);
        }
        references.push_back(checkReference(ref, f ? std::optional<double>(f->value) : std::nullopt, range));
    }
    return noReferenceFailed();
}

bool MetricsReport::allReferencesPassed() const {
    for (const ReferenceCheck& c : references)
        if (c.status != ReferenceStatus::Pass) return false;
    return true;
}

bool MetricsReport::noReferenceFailed() const {
    for (const ReferenceCheck& c : references)
        if (c.status == ReferenceStatus::Fail) return false;
    return true;
}

std::optional<ReferenceStatus> MetricsReport::overallReferenceStatus() const {
    if (references.empty()) return std::nullopt;
    for (ReferenceStatus s : {ReferenceStatus::Fail, ReferenceStatus::NotReproduced, ReferenceStatus::InconsistentSource})
        for (const ReferenceCheck& c : references)
            if (c.status == s) return s;
    return ReferenceStatus::Pass;
}

}  // namespace dfl
