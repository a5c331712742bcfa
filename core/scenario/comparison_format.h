// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The written forms of a side-by-side comparison (`dataflow-lab compare`): the parameters the two configurations
// set differently, then every summary figure with A, B, B − A and B / A — aligned text for people, JSON for
// scripts (same number style as metrics.json, core/sim/metrics_json.h).

#include "core/scenario/scenario.h"
#include "core/sim/metrics_report.h"

#include <cstdint>
#include <string>

namespace dfl {

// One side of a comparison: the configuration, what it reported and the cycle it ran to.
struct ComparedRun {
    const Scenario& scenario;
    const MetricsReport& report;
    std::int64_t cycle = 0;
};

std::string formatComparisonText(const ComparedRun& a, const ComparedRun& b);

// {"module", "a": {"scenario", "file", "cycle"}, "b": {...}, "parameters": [{"key", "a", "b"}],
//  "figures": [{"key", "unit", "a", "b", "difference", "ratio"}]} in the report's order; null where a side
// lacks the figure or the ratio is undefined (A = 0).
std::string comparisonToJson(const ComparedRun& a, const ComparedRun& b);

}  // namespace dfl
