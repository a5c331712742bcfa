// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The NeuroTrainer's metrics and charts: summary figures with their formulas, the per-layer table (Figure 13),
// the generated programs (Tables 2–4), benchmarks (Figure 16), power (Table 5) and scaling (Figure 17).

#include "core/network/network.h"
#include "core/neurotrainer/nt_analysis.h"
#include "core/neurotrainer/nt_figure16.h"
#include "core/sim/chart_spec.h"
#include "core/sim/metrics_report.h"

#include <optional>
#include <string>
#include <vector>

namespace dfl::nt {

struct BenchmarkResult {
    std::string network;
    double inferenceTops = 0, trainingTops = 0, trainingImagesPerS = 0, inferenceImagesPerS = 0;
    double powerW = 0;  // logic + DRAM while training
};

// One point of the per-PE buffer sensitivity: the buffer sizes are not published, yet they set the DRAM traffic.
struct BufferPoint {
    int bufferKB = 0;  // each input buffer and the output buffer
    double dramGbPerImage = 0, trainingTops = 0, powerW = 0;
};

// Table 5's areas (15 nm FinFET), for the bound they put on a PE's buffers.
struct AreaParams {
    double peMm2 = 6.96e-2;        // "PE"
    double iBufferMm2 = 5.51e-3;   // "16KB: I-BUF"
    double iBufferKB = 16;
};

struct ReportInputs {
    std::string networkName;
    PowerParams power;
    ScalingParams scaling;
    std::vector<BenchmarkResult> benchmarks;  // empty: no Figure 16
    std::optional<Figure16Bound> figure16;     // with the benchmarks: the spread the paper's own rates allow
    std::vector<BufferPoint> bufferSweep;      // empty: no sensitivity table and chart
    AreaParams area;
};

MetricsReport buildReport(const NetworkRun& run, const Network& network, const ReportInputs& in);
std::vector<ChartSpec> buildCharts(const NetworkRun& run, const ReportInputs& in);

BenchmarkResult benchmark(const std::string& name, const Network& network, const Machine& machine, const LoweringOptions& options,
                          const PowerParams& power = {});
// The network trained at each buffer size (input buffers and output buffer all set to it).
std::vector<BufferPoint> bufferSweep(const Network& network, const Machine& machine, const LoweringOptions& options,
                                     const PowerParams& power, const std::vector<int>& sizesKB);
std::vector<ScalingPoint> scalingCurve(const NetworkRun& run, const ScalingParams& p);
Table programsTable(const Network& network, const NetworkRun& run);

}  // namespace dfl::nt
