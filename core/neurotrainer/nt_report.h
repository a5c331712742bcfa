#pragma once
// The NeuroTrainer's metrics and charts: summary figures with their formulas, the per-layer table (Figure 13),
// the generated programs (Tables 2–4), benchmarks (Figure 16), power (Table 5) and scaling (Figure 17).

#include "core/network/network.h"
#include "core/neurotrainer/nt_analysis.h"
#include "core/sim/chart_spec.h"
#include "core/sim/metrics_report.h"

#include <string>
#include <vector>

namespace dfl::nt {

struct BenchmarkResult {
    std::string network;
    double inferenceTops = 0, trainingTops = 0, trainingImagesPerS = 0, inferenceImagesPerS = 0;
};

struct ReportInputs {
    std::string networkName;
    PowerParams power;
    ScalingParams scaling;
    std::vector<BenchmarkResult> benchmarks;  // empty: no Figure 16
};

MetricsReport buildReport(const NetworkRun& run, const Network& network, const ReportInputs& in);
std::vector<ChartSpec> buildCharts(const NetworkRun& run, const ReportInputs& in);

BenchmarkResult benchmark(const std::string& name, const Network& network, const Machine& machine, const LoweringOptions& options);
std::vector<ScalingPoint> scalingCurve(const NetworkRun& run, const ScalingParams& p);
Table programsTable(const Network& network, const NetworkRun& run);

}  // namespace dfl::nt
