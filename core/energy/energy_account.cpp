// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/energy/energy_account.h"

#include "core/energy/energy_params.h"
#include "core/sim/metrics_json.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace dfl {

void EnergyAccount::add(EnergyCharge charge) {
    for (const auto& [key, weight] : charge.entries) charge.pjEach += weight * table_->pj(key);
    for (EnergyCharge& c : charges_)
        if (c.component == charge.component && c.entries == charge.entries) {
            c.count += charge.count;
            return;
        }
    charges_.push_back(std::move(charge));
}

void EnergyAccount::charge(const std::string& component, double count, const std::string& countUnit,
                           const std::string& entry, double weight) {
    add({component, count, countUnit, 0, {{entry, weight}}, {}});
}

void EnergyAccount::charge(const std::string& component, double count, const std::string& countUnit,
                           std::vector<std::pair<std::string, double>> entries) {
    add({component, count, countUnit, 0, std::move(entries), {}});
}

void EnergyAccount::chargeBits(const std::string& component, double count, const std::string& countUnit,
                               const std::string& entry, double bits) {
    const EnergyEntry& e = table_->entry(entry);
    const double weight = bits / (e.bits > 0 ? e.bits : 1);
    add({component, count, countUnit, 0, {{entry, weight}},
         e.bits > 0 && bits != e.bits ? entry + " × " + formatNumber(bits) + "/" + std::to_string(e.bits) + " bit"
                                      : std::string()});
}

void EnergyAccount::chargeSram(const std::string& component, double count, const std::string& countUnit,
                               const SramAccess& access) {
    add({component, count, countUnit, 0, access.weights, access.rule});
}

EnergyAccount& EnergyAccount::operator+=(const EnergyAccount& other) {
    for (const EnergyCharge& c : other.charges_) {
        EnergyCharge copy = c;
        copy.pjEach = 0;
        add(std::move(copy));
    }
    return *this;
}

double EnergyAccount::totalPj() const {
    double pj = 0;
    for (const EnergyCharge& c : charges_) pj += c.pj();
    return pj;
}

double EnergyAccount::pj(const std::string& component) const {
    double pj = 0;
    for (const EnergyCharge& c : charges_)
        if (c.component == component) pj += c.pj();
    return pj;
}

void addEnergySummary(MetricsReport& report, const EnergyAccount& account, const std::string& key, double divisor,
                      const std::string& perWhat, const std::string& description) {
    std::string formula;
    for (const EnergyCharge& c : account.charges())
        formula += (formula.empty() ? "" : " + ") + formatNumber(c.count) + " × " + formatNumber(c.pjEach) + " pJ";
    if (formula.empty()) formula = "0";
    formula = "(" + formula + ")" + (divisor != 1 ? " / " + formatNumber(divisor) : std::string()) + " (table " +
              account.table().name + "; energy_breakdown)";
    report.add(key, account.uj() / divisor, "µJ", formula, description + " (" + perWhat + ")");
}

void addEnergyBreakdown(MetricsReport& report, const EnergyAccount& account, double divisor,
                        const std::string& tableName) {
    Table& t = report.addTable(tableName, {{"component", ""},
                                           {"count", ""},
                                           {"count_unit", ""},
                                           {"pj_each", "pJ"},
                                           {"uj", "µJ"},
                                           {"share", ""},
                                           {"entries", ""}});
    const double total = account.totalPj();
    for (const EnergyCharge& c : account.charges()) {
        std::string entries = c.rule;
        if (entries.empty())
            for (const auto& [key, weight] : c.entries)
                entries += (entries.empty() ? "" : " + ") + (weight != 1 ? formatNumber(weight) + " × " : std::string()) + key;
        t.addRow({c.component, c.count / divisor, c.countUnit, c.pjEach, c.pj() * 1e-6 / divisor,
                  total > 0 ? c.pj() / total : 0.0, entries});
    }
}

void addEnergyTableUsed(MetricsReport& report, const std::vector<const EnergyAccount*>& accounts) {
    if (accounts.empty()) return;
    const EnergyTable& table = accounts.front()->table();
    std::set<std::string> used;
    for (const EnergyAccount* a : accounts)
        for (const EnergyCharge& c : a->charges())
            for (const auto& [key, weight] : c.entries) used.insert(key);
    Table& t = report.addTable("energy_table", {{"entry", ""},
                                                {"value", ""},
                                                {"unit", ""},
                                                {"per", ""},
                                                {"overridden", ""},
                                                {"source", ""},
                                                {"note", ""}});
    std::string overridden;
    for (const std::string& key : used) {
        const EnergyEntry& e = table.entry(key);
        t.addRow({key, e.value, e.unit, e.per, std::string(e.overridden ? "yes" : ""), e.source, e.note});
        if (e.overridden) overridden += (overridden.empty() ? "" : ", ") + key + " = " + formatNumber(e.value) + " " + e.unit;
    }
    report.assumptions.push_back(
        "Energy: table " + table.name + " (" + table.title + (table.technology.empty() ? "" : "; " + table.technology) +
        "; from " + table.origin + "; sources: " + table.source + ")" +
        (overridden.empty() ? "" : "; overridden by the scenario: " + overridden) +
        ". Each component is a count the module makes times the energy of its table entries (energy_table lists "
        "every entry used with its source; docs/energy.md states the scaling rules).");
}

ChartSpec energyStackedChart(std::string id, std::string title, std::string xLabel,
                             const std::vector<std::string>& categories, const std::vector<EnergyAccount>& accounts,
                             double divisor, const std::string& perWhat, std::string caption) {
    ChartSpec chart;
    chart.id = std::move(id);
    chart.title = std::move(title);
    chart.xLabel = std::move(xLabel);
    chart.yLabel = "Energy (µJ " + perWhat + ")";
    chart.kind = ChartKind::StackedBar;
    chart.categories = categories;
    std::vector<std::string> components;
    for (const EnergyAccount& a : accounts)
        for (const EnergyCharge& c : a.charges())
            if (std::find(components.begin(), components.end(), c.component) == components.end())
                components.push_back(c.component);
    // Not Idle (grey means idle or stalled) nor Selected: eight distinct colours of the one palette.
    const SeriesRole roles[] = {SeriesRole::Forward, SeriesRole::Backward, SeriesRole::Update, SeriesRole::Other1,
                                SeriesRole::Other2,  SeriesRole::Other3,   SeriesRole::Other4, SeriesRole::Reference};
    for (size_t i = 0; i < components.size(); ++i) {
        ChartSeries s;
        s.name = components[i];
        s.role = roles[i % std::size(roles)];
        for (const EnergyAccount& a : accounts) s.y.push_back(a.pj(components[i]) * 1e-6 / divisor);
        chart.series.push_back(std::move(s));
    }
    chart.caption = std::move(caption);
    return chart;
}

EnergyTable energyTableFor(const EnergySelection& selection, const std::string& scenarioFile,
                           const std::vector<std::string>& required) {
    EnergyTable table = loadEnergyTable(selection.table, scenarioFile, "params.energy_table");
    applyEnergyOverrides(table, selection.overrides, scenarioFile, "params.energy_overrides");
    table.requireEntries(required, scenarioFile, "params.energy_table");
    return table;
}

}  // namespace dfl
