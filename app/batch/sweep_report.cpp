// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/sweep_report.h"

#include "core/scenario/json_params.h"
#include "core/sim/metrics_json.h"
#include "core/sim/text_table.h"

#include <algorithm>
#include <sstream>

namespace dfl {

namespace {

const char* const referencesColumn = "references";

Cell variedCell(const std::string& value) {
    const QJsonValue json = overrideValue(value);  // read as --set reads it: "8" is a number, "[fc3]" is not
    if (json.isDouble()) return json.toDouble();
    return value;
}

bool isNumberColumn(const Table& table, size_t column) {
    return std::all_of(table.rows.begin(), table.rows.end(), [&](const std::vector<Cell>& row) {
        const auto* text = std::get_if<std::string>(&row[column]);
        return !text || text->empty();
    });
}

// The header, a units line when any column has a unit, then the rows; numbers right-aligned, words left.
std::string alignedText(const Table& table) {
    std::vector<std::vector<std::string>> lines(2);
    std::vector<Align> alignment;
    bool anyUnit = false;
    for (size_t c = 0; c < table.columns.size(); ++c) {
        lines[0].push_back(table.columns[c].name);
        lines[1].push_back(table.columns[c].unit);
        anyUnit = anyUnit || !table.columns[c].unit.empty();
        alignment.push_back(isNumberColumn(table, c) ? Align::right : Align::left);
    }
    if (!anyUnit) lines.pop_back();
    for (const auto& row : table.rows) {
        lines.emplace_back();
        for (const Cell& cell : row) lines.back().push_back(cellText(cell));
    }
    return alignedTextTable(lines, alignment);
}

}  // namespace

bool anyReferences(const SweepResult& sweep) {
    return std::any_of(sweep.reports.begin(), sweep.reports.end(),
                       [](const MetricsReport& r) { return !r.references.empty(); });
}

bool noReferenceFailed(const SweepResult& sweep) {
    return std::all_of(sweep.reports.begin(), sweep.reports.end(),
                       [](const MetricsReport& r) { return r.noReferenceFailed(); });
}

Table sweepTable(const SweepResult& sweep) {
    Table table{"sweep", {{"point", ""}}, {}};
    for (const VariedKey& v : sweep.varied) table.columns.push_back({v.keyPath, ""});
    const size_t firstFigure = table.columns.size();
    for (const MetricsReport& report : sweep.reports)
        for (const Figure& f : report.summary)
            if (table.columnIndex(f.key) < 0) table.columns.push_back({f.key, f.unit});
    const bool references = anyReferences(sweep);
    if (references) table.columns.push_back({referencesColumn, ""});

    for (size_t p = 0; p < sweep.points.size(); ++p) {
        std::vector<Cell> row{std::int64_t(sweep.points[p].number)};
        for (const Override& s : sweep.points[p].settings) row.push_back(variedCell(s.value.value_or("")));
        const MetricsReport& report = sweep.reports[p];
        for (size_t c = firstFigure; c < table.columns.size(); ++c) {
            if (table.columns[c].name == referencesColumn) continue;
            const Figure* f = report.find(table.columns[c].name);
            row.push_back(f ? Cell(f->value) : Cell(std::string()));
        }
        if (references) {
            const std::optional<ReferenceStatus> status = report.overallReferenceStatus();
            row.push_back(status ? referenceStatusName(*status) : std::string());
        }
        table.addRow(std::move(row));
    }
    return table;
}

std::string formatSweepText(const SweepResult& sweep) {
    std::ostringstream out;
    out << sweep.scenario << "  [module " << sweep.module << "]\n" << "sweep of ";
    for (size_t k = 0; k < sweep.varied.size(); ++k)
        out << (k ? " x " : "") << sweep.varied[k].keyPath << " (" << sweep.varied[k].values.size() << ")";
    out << ": " << sweep.points.size() << (sweep.points.size() == 1 ? " point" : " points") << "\n\n";
    out << alignedText(sweepTable(sweep));

    std::ostringstream failures;
    for (size_t p = 0; p < sweep.points.size(); ++p)
        for (const ReferenceCheck& c : sweep.reports[p].references)
            if (c.status == ReferenceStatus::Fail)
                failures << "  point " << sweep.points[p].number << " (" << describePoint(sweep.points[p]) << "): "
                         << c.reference.key << " published " << formatNumber(c.reference.published) << ", simulated "
                         << (c.simulated ? formatNumber(*c.simulated) : std::string("(missing)")) << " (tolerance "
                         << formatNumber(100.0 * c.reference.relTol) << " %)\n";
    if (!failures.str().empty()) out << "\nReference checks failed:\n" << failures.str();
    return out.str();
}

std::string sweepToJson(const SweepResult& sweep) {
    MetricsReport report;
    report.scenario = sweep.scenario;
    report.module = sweep.module;
    report.tables.push_back(sweepTable(sweep));
    return metricsToJson(report);
}

std::string pointFolderName(const SweepPoint& point, size_t pointCount) {
    const size_t width = std::max<size_t>(2, std::to_string(pointCount).size());
    const std::string number = std::to_string(point.number);
    return std::string(width - std::min(width, number.size()), '0') + number;
}

}  // namespace dfl
