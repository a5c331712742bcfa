// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the comparison reports: when each run reaches the target error (by mini-batches and by time), the speed-ups
// against naive SGD, the curves table, the stage table, and the charts. Pure functions of the runs' curves.

#include "core/convergence/convergence_config.h"
#include "core/convergence/convergence_run.h"
#include "core/sim/chart_spec.h"
#include "core/sim/metrics_report.h"

#include <string>
#include <vector>

namespace dfl {

struct RunResult {
    RunSpec spec;
    ScheduleTiming timing;
    std::vector<CurvePoint> curve;
};

// Where a curve first reaches `target` (test error ≤ target), linearly interpolated between the evaluation points
// on either side; not reached: reached = false.
struct TargetCrossing {
    bool reached = false;
    double miniBatches = 0, timeMs = 0;
};
TargetCrossing targetCrossing(const std::vector<CurvePoint>& curve, double target);

// The runs of the main comparison (the scenario's seed and learning rate), in order.
std::vector<RunResult> mainComparison(const std::vector<RunResult>& runs);

// One pipelined run of the seed study against naive SGD with the same seed.
struct SeedOutcome {
    int stages = 0;
    std::uint64_t seed = 0;
    TargetCrossing naive, pipelined;
    double speedup = 0;         // NaN: one of them never reached the target
    double iterationRatio = 0;  // mini-batches to target, pipelined / naive (NaN as above)
};
std::vector<SeedOutcome> seedOutcomes(const ConvergenceConfig& config, const std::vector<RunResult>& runs);

// runs: every run the model trained (runSpecs order). The per-run keys, tables and charts describe the main
// comparison; speedup_p{P} and its _min/_max, iteration_ratio_p{P} and ideal_clock_speedup_p{P} are over the seeds;
// with a learning-rate grid, the tables learning_rate_grid and best_learning_rate.
MetricsReport convergenceReport(const std::string& scenarioName, const ConvergenceConfig& config,
                                const std::vector<RunResult>& runs, const std::vector<std::string>& layerNames);
std::vector<ChartSpec> convergenceCharts(const ConvergenceConfig& config, const std::vector<RunResult>& runs);

SeriesRole runRole(const RunSpec& spec);  // naive black (reference), then one Okabe–Ito hue per P
std::string runLabel(const RunSpec& spec);  // "Naive SGD", "4-stage pipeline", "4-stage, weight stashing"

}  // namespace dfl
