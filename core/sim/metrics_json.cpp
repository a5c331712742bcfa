// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/metrics_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace dfl {

std::string formatNumber(double value) {
    if (std::isnan(value)) return "n/a";
    if (std::isfinite(value) && std::fabs(value) < 1e15 && value == std::floor(value))
        return std::to_string(static_cast<long long>(value));
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

std::string cellText(const Cell& cell) {
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&cell)) return formatNumber(*d);
    return std::get<std::string>(cell);
}

static QJsonValue cellJson(const Cell& cell) {
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return QJsonValue(qint64(*i));
    if (const auto* d = std::get_if<double>(&cell)) return QJsonValue(*d);
    return QJsonValue(QString::fromStdString(std::get<std::string>(cell)));
}

static QString q(const std::string& s) { return QString::fromStdString(s); }

std::string metricsToJson(const MetricsReport& report) {
    QJsonObject root;
    root["scenario"] = q(report.scenario);
    root["module"] = q(report.module);

    QJsonObject summary, units, formulas;
    for (const Figure& f : report.summary) {
        summary[q(f.key)] = f.value;
        if (!f.unit.empty()) units[q(f.key)] = q(f.unit);
        if (!f.formula.empty()) formulas[q(f.key)] = q(f.formula);
    }
    root["summary"] = summary;
    root["units"] = units;
    root["formulas"] = formulas;

    QJsonObject tables;
    for (const Table& t : report.tables) {
        QJsonArray rows;
        for (const auto& row : t.rows) {
            QJsonObject obj;
            for (size_t c = 0; c < t.columns.size(); ++c) obj[q(t.columns[c].name)] = cellJson(row[c]);
            rows.append(obj);
        }
        tables[q(t.name)] = rows;
    }
    root["tables"] = tables;

    QJsonArray refs;
    for (const ReferenceCheck& c : report.references) {
        QJsonObject obj;
        obj["key"] = q(c.reference.key);
        obj["published"] = c.reference.published;
        obj["simulated"] = c.simulated ? QJsonValue(*c.simulated) : QJsonValue();
        obj["rel_error"] = c.simulated ? QJsonValue(c.relError) : QJsonValue();
        obj["rel_tol"] = c.reference.relTol;
        obj["status"] = q(referenceStatusName(c.status));
        obj["source"] = q(c.reference.source);
        if (!c.reference.reason.empty()) obj["reason"] = q(c.reference.reason);
        if (c.reference.impliedValue) obj["implied_value"] = *c.reference.impliedValue;
        if (c.impliedRelError) obj["implied_rel_error"] = *c.impliedRelError;
        if (c.reference.within) {
            obj["within"] = QJsonArray{q(c.reference.within->first), q(c.reference.within->second)};
            if (c.range) obj["range"] = QJsonArray{c.range->first, c.range->second};
        }
        if (!c.note.empty()) obj["note"] = q(c.note);
        refs.append(obj);
    }
    root["references"] = refs;

    QJsonArray assumptions;
    for (const std::string& a : report.assumptions) assumptions.append(q(a));
    root["assumptions"] = assumptions;

    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

static std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return quoted + "\"";
}

std::string tableToCsv(const Table& table) {
    std::ostringstream out;
    for (size_t c = 0; c < table.columns.size(); ++c) out << (c ? "," : "") << csvField(table.columns[c].name);
    out << "\n";
    for (const auto& row : table.rows) {
        for (size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << csvField(cellText(row[c]));
        out << "\n";
    }
    return out.str();
}

std::string formatReferenceCheck(const ReferenceCheck& c) {
    static const size_t statusWidth = referenceStatusName(ReferenceStatus::InconsistentSource).size();
    const std::string status = referenceStatusName(c.status);
    const std::string indent(2 + statusWidth + 2, ' ');
    std::ostringstream out;
    out << "  " << status << std::string(statusWidth - status.size() + 2, ' ') << c.reference.key << ": published "
        << formatNumber(c.reference.published) << ", simulated "
        << (c.simulated ? formatNumber(*c.simulated) : std::string("(missing)"));
    if (c.simulated) out << ", error " << formatNumber(100.0 * c.relError) << " %";
    out << " (tolerance " << formatNumber(100.0 * c.reference.relTol) << " %; " << c.reference.source << ")\n";
    if (c.reference.within) {
        out << indent << "range over the documented accountings: ";
        if (c.range) out << "[" << formatNumber(c.range->first) << ", " << formatNumber(c.range->second) << "]";
        else out << "(missing)";
        out << " (" << c.reference.within->first << " .. " << c.reference.within->second << "): the published figure "
            << (c.withinTolerance ? "lies inside" : "lies outside") << "\n";
    }
    if (c.reference.impliedValue) {
        out << indent << "the source's own figures imply " << formatNumber(*c.reference.impliedValue);
        if (c.impliedRelError) out << ": error " << formatNumber(100.0 * *c.impliedRelError) << " % against it";
        out << "\n";
    }
    if (!c.reference.reason.empty()) out << indent << "reason: " << c.reference.reason << "\n";
    if (!c.note.empty()) out << indent << "note: " << c.note << "\n";
    return out.str();
}

std::string formatReferenceChecks(const std::vector<ReferenceCheck>& checks) {
    std::ostringstream out;
    out << "Reference checks:\n";
    for (const ReferenceCheck& c : checks) out << formatReferenceCheck(c);
    return out.str();
}

std::string formatReportText(const MetricsReport& report) {
    std::ostringstream out;
    out << report.scenario << "  [module " << report.module << "]\n\n";
    size_t width = 0;
    for (const Figure& f : report.summary) width = std::max(width, f.key.size());
    for (const Figure& f : report.summary) {
        out << "  " << f.key << std::string(width - f.key.size() + 2, ' ') << formatNumber(f.value);
        if (!f.unit.empty()) out << " " << f.unit;
        if (!f.formula.empty()) out << "    = " << f.formula;
        out << "\n";
    }
    if (!report.assumptions.empty()) {
        out << "\nAssumptions:\n";
        for (const std::string& a : report.assumptions) out << "  - " << a << "\n";
    }
    if (!report.references.empty()) out << "\n" << formatReferenceChecks(report.references);
    return out.str();
}

}  // namespace dfl
