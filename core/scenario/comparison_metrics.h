// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The numbers of a side-by-side comparison: every summary figure of two reports of the same module, with the
// difference B − A and the ratio B / A, and which parameters the two configurations set differently.

#include "core/scenario/scenario.h"
#include "core/sim/metrics_report.h"

#include <optional>
#include <string>
#include <vector>

namespace dfl {

// Only two configurations of one module have figures in common; throws InputError(b.file, "module", reason).
void requireSameModule(const Scenario& a, const Scenario& b);

struct FigureComparison {
    std::string key, unit, description;
    std::optional<double> a, b;  // absent: that configuration does not report the figure
    std::optional<double> difference() const { return a && b ? std::optional<double>(*b - *a) : std::nullopt; }
    std::optional<double> ratio() const { return a && b && *a != 0 ? std::optional<double>(*b / *a) : std::nullopt; }
    bool differs() const { return !a || !b || *a != *b; }
};

// In A's order, then figures only B reports.
std::vector<FigureComparison> compareFigures(const MetricsReport& a, const MetricsReport& b);

struct ParamDifference {
    std::string key, a, b;  // values as text; "(absent)" for an unset optional parameter
};
// Parameters (and the network) that differ between the two scenarios, in key order.
std::vector<ParamDifference> compareParams(const Scenario& a, const Scenario& b);

}  // namespace dfl
