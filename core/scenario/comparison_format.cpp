// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scenario/comparison_format.h"

#include "core/scenario/comparison_metrics.h"
#include "core/sim/metrics_json.h"
#include "core/sim/text_table.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>
#include <sstream>
#include <vector>

namespace dfl {

namespace {

using Row = std::vector<std::string>;

std::string numberText(const std::optional<double>& value) { return value ? formatNumber(*value) : "-"; }

std::string sideText(const ComparedRun& run) {
    std::string text = run.scenario.name;
    if (!run.scenario.file.empty()) text += " (" + run.scenario.file + ")";
    return text + ", cycle " + std::to_string(run.cycle);
}

QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonValue numberJson(const std::optional<double>& value) { return value ? QJsonValue(*value) : QJsonValue(); }

QJsonObject sideJson(const ComparedRun& run) {
    return {{"scenario", q(run.scenario.name)}, {"file", q(run.scenario.file)}, {"cycle", qint64(run.cycle)}};
}

}  // namespace

std::string formatComparisonText(const ComparedRun& a, const ComparedRun& b) {
    std::ostringstream out;
    out << "A: " << sideText(a) << "\nB: " << sideText(b) << "\n[module " << a.scenario.module << "]\n\n";

    const std::vector<ParamDifference> params = compareParams(a.scenario, b.scenario);
    out << "Parameters that differ:";
    if (params.empty()) {
        out << " none\n";
    } else {
        out << "\n";
        std::vector<Row> rows{{"parameter", "A", "B"}};
        for (const ParamDifference& d : params) rows.push_back({d.key, d.a, d.b});
        out << alignedTextTable(rows, {Align::left, Align::left, Align::left});  // values may be lists
    }

    out << "\nSummary figures:\n";
    std::vector<Row> rows{{"figure", "unit", "A", "B", "B - A", "B / A"}};
    for (const FigureComparison& f : compareFigures(a.report, b.report))
        rows.push_back({f.key, f.unit, numberText(f.a), numberText(f.b), numberText(f.difference()),
                        numberText(f.ratio())});
    out << alignedTextTable(rows, {Align::left, Align::left, Align::right, Align::right, Align::right, Align::right});
    return out.str();
}

std::string comparisonToJson(const ComparedRun& a, const ComparedRun& b) {
    QJsonObject root;
    root["module"] = q(a.scenario.module);
    root["a"] = sideJson(a);
    root["b"] = sideJson(b);

    QJsonArray params;
    for (const ParamDifference& d : compareParams(a.scenario, b.scenario))
        params.append(QJsonObject{{"key", q(d.key)}, {"a", q(d.a)}, {"b", q(d.b)}});
    root["parameters"] = params;

    QJsonArray figures;
    for (const FigureComparison& f : compareFigures(a.report, b.report))
        figures.append(QJsonObject{{"key", q(f.key)}, {"unit", q(f.unit)}, {"a", numberJson(f.a)},
                                   {"b", numberJson(f.b)}, {"difference", numberJson(f.difference())},
                                   {"ratio", numberJson(f.ratio())}});
    root["figures"] = figures;
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

}  // namespace dfl
