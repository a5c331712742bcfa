// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Counts in, joules out: a module charges each component it counts (MACs, SRAM accesses, DRAM bits, PE-seconds)
// against an entry of the energy table, and this is the one place counts are multiplied by energies. The report
// pieces every module prints (docs/energy.md): the summary figure, the `energy_breakdown` table, the
// `energy_table` of the entries used with their sources, and a stacked bar per layer.

#include "core/energy/energy_table.h"
#include "core/sim/chart_spec.h"
#include "core/sim/metrics_report.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dfl {

struct EnergyCharge {
    std::string component;  // what is counted, e.g. "row-buffer reads"
    double count = 0;
    std::string countUnit;  // "MAC", "access", "bit", "PE·s", ...
    double pjEach = 0;      // Σ weight · entry.pj() over `entries`
    std::vector<std::pair<std::string, double>> entries;  // the table entries it is charged with, and their weights
    std::string rule;       // how pjEach was obtained when not a single entry (a scaling rule), for the report
    double pj() const { return count * pjEach; }
};

class EnergyAccount {
public:
    explicit EnergyAccount(std::shared_ptr<const EnergyTable> table) : table_(std::move(table)) {}

    // `count` of `component`, each costing table entry `entry` (W entries: count in component-seconds).
    void charge(const std::string& component, double count, const std::string& countUnit, const std::string& entry,
                double weight = 1.0);
    // Each count costs Σ weight · entry over several entries (a MAC: a multiply and an add).
    void charge(const std::string& component, double count, const std::string& countUnit,
                std::vector<std::pair<std::string, double>> entries);
    // Each count costs an access of `bits` bits through an entry given per entry.bits bits (linear in the width).
    void chargeBits(const std::string& component, double count, const std::string& countUnit,
                    const std::string& entry, double bits);
    // Each count costs one SRAM access as sramAccess() prices it.
    void chargeSram(const std::string& component, double count, const std::string& countUnit, const SramAccess& access);

    // Adds another account's charges, component by component (same pJ each; counts add).
    EnergyAccount& operator+=(const EnergyAccount& other);

    const EnergyTable& table() const { return *table_; }
    const std::vector<EnergyCharge>& charges() const { return charges_; }
    double totalPj() const;
    double pj(const std::string& component) const;  // 0 when the component was not charged
    double uj() const { return totalPj() * 1e-6; }

private:
    void add(EnergyCharge charge);
    std::shared_ptr<const EnergyTable> table_;
    std::vector<EnergyCharge> charges_;
};

// The summary figure `key` (µJ, total / divisor, e.g. per image of a batch), the `energy_breakdown` table (per
// divisor too) and the `energy_table` table of every entry charged, with its source; plus an assumption naming the
// table. `tableName` lets a module with two accounts (the pipeline's data-parallel one) add a second breakdown.
void addEnergySummary(MetricsReport& report, const EnergyAccount& account, const std::string& key, double divisor,
                      const std::string& perWhat, const std::string& description);
void addEnergyBreakdown(MetricsReport& report, const EnergyAccount& account, double divisor,
                        const std::string& tableName = "energy_breakdown");
void addEnergyTableUsed(MetricsReport& report, const std::vector<const EnergyAccount*>& accounts);

// A stacked bar: one category per account (a layer, a stage, a scheme), one series per component, in µJ / divisor.
ChartSpec energyStackedChart(std::string id, std::string title, std::string xLabel,
                             const std::vector<std::string>& categories, const std::vector<EnergyAccount>& accounts,
                             double divisor, const std::string& perWhat, std::string caption);

}  // namespace dfl
