// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_charts.h"

#include "core/pipeline/schedule_report.h"
#include "core/pipeline/pipeline_energy.h"
#include "core/sim/metrics_json.h"

#include <algorithm>
#include <cmath>

namespace dfl {

std::string stageLabel(const PipelineLayout& layout, int stage) {
    const StageCost& c = layout.analysis->stages.at(size_t(stage - 1));
    const std::string& first = layout.layerNames.at(size_t(c.firstLayer));
    const std::string& last = layout.layerNames.at(size_t(c.lastLayer));
    std::string label = "S";  // appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on "S" + std::to_string
    label += std::to_string(stage);
    label += ": ";
    label += first;
    if (c.lastLayer != c.firstLayer) label += "–" + last;
    return label;
}

ChartSpec trafficChart(const PipelineLayout& layout) {
    const TrafficSweep& t = layout.traffic;
    const DataParallelCost& dp = layout.analysis->dataParallel;
    ChartSpec c;
    c.id = "traffic_vs_batch";
    c.tab = "Transfer per mini-batch";
    c.title = layout.networkName + ": data transfer per mini-batch, P = " + std::to_string(layout.config.stages) +
              " vs " + std::to_string(dp.workers) + " data-parallel workers";
    c.xLabel = "Batch size (samples)";
    c.yLabel = "Transfer (MB per mini-batch)";
    c.kind = ChartKind::Line;
    c.xLog = c.yLog = true;
    ChartSeries forward{"Pipeline forward (input + activations)", SeriesRole::Forward, {}, t.forwardMb};
    ChartSeries backward{"Pipeline backward (gradients)", SeriesRole::Backward, {}, t.backwardMb};
    ChartSeries parallel{"Data parallel (n·W down + n·W up)", SeriesRole::Reference, {}, t.dataParallelMb, true};
    for (int b : t.batches) forward.x.push_back(b), backward.x.push_back(b), parallel.x.push_back(b);
    c.series = {forward, backward, parallel};
    const PipelineAnalysis& a = *layout.analysis;
    const double batch = layout.config.batch;
    // Three significant digits: the MNIST lesson moves 0.07 MB, VGG-F hundreds (one decimal read "0 MB" for the first).
    auto rounded = [](double mb) {
        const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::max(std::abs(mb), 1e-12))));
        return formatNumber(std::round(mb * scale) / scale) + " MB";
    };
    c.markers.push_back({rounded(a.forwardMbPerBatch), batch, a.forwardMbPerBatch, SeriesRole::Forward});
    c.markers.push_back({rounded(a.backwardMbPerBatch), batch, a.backwardMbPerBatch, SeriesRole::Backward});
    c.caption = "Pipeline traffic grows with the batch, data-parallel traffic (2·n·W = " +
                rounded(dp.trafficMbPerBatch) + ") does not; at batch " + formatNumber(batch) +
                " the pipeline moves " + formatNumber(std::round(1000 * (1 - a.bandwidthReduction)) / 10) + " % of it.";
    return c;
}

ChartSpec stageMemoryChart(const PipelineLayout& layout) {
    ChartSpec c;
    c.id = "memory_per_stage";
    c.title = layout.networkName + ": memory per pipeline stage (batch " + std::to_string(layout.config.batch) + ")";
    c.xLabel = "Pipeline stage";
    c.yLabel = "Memory (MB)";
    c.kind = ChartKind::StackedBar;
    ChartSeries weights{"Weights", SeriesRole::Update, {}, {}};
    ChartSeries gradients{"Weight gradients", SeriesRole::Backward, {}, {}};
    ChartSeries momentum{"Momentum", SeriesRole::Other1, {}, {}};
    ChartSeries stash{"Stashed activations (in-flight mini-batches)", SeriesRole::Forward, {}, {}};
    ChartSeries activationGradients{"Activation gradients", SeriesRole::Other2, {}, {}};
    for (const StageCost& s : layout.analysis->stages) {
        c.categories.push_back(stageLabel(layout, s.stage) + " (×" + std::to_string(s.memory.inFlight) + ")");
        weights.y.push_back(s.memory.weightsMb);
        gradients.y.push_back(s.memory.weightGradientsMb);
        momentum.y.push_back(s.memory.momentumMb);
        stash.y.push_back(s.memory.stashMb);
        activationGradients.y.push_back(s.memory.activationGradientsMb);
    }
    c.series = {weights, gradients, momentum, stash, activationGradients};
    c.caption = "Early stages hold the most mini-batches in flight (×n in the labels), so their stashed activations "
                "dominate; total " + formatNumber(std::round(layout.analysis->memoryMb / 10) / 100) + " GB.";
    return c;
}

ChartSpec stageBalanceChart(const PipelineLayout& layout) {
    const PipelineAnalysis& a = *layout.analysis;
    ChartSpec c;
    c.id = "stage_balance";
    c.tab = "Time per stage";
    c.title = layout.networkName + ": time per stage and pipeline cycle";
    c.xLabel = "Pipeline stage";
    c.yLabel = "Time per cycle (ms)";
    c.kind = ChartKind::StackedBar;
    ChartSeries forward{"Forward", SeriesRole::Forward, {}, {}};
    ChartSeries backward{"Backward (incl. error calculation)", SeriesRole::Backward, {}, {}};
    ChartSeries update{"Weight update", SeriesRole::Update, {}, {}};
    ChartSeries idle{"Idle (waiting for the slowest stage)", SeriesRole::Idle, {}, {}};
    for (const StageCost& s : a.stages) {
        c.categories.push_back(stageLabel(layout, s.stage));
        forward.y.push_back(s.forwardMs);
        backward.y.push_back(s.backwardMs);
        update.y.push_back(s.updateMs);
        idle.y.push_back(a.cycleMs - s.timeMs());
    }
    c.series = {forward, backward, update, idle};
    c.caption = "Stage " + std::to_string(a.bottleneckStage) + " is the bottleneck and sets the cycle of " +
                formatNumber(std::round(a.cycleMs * 100) / 100) + " ms; the optimiser's partition reaches " +
                formatNumber(std::round(a.optimal.cycleMs * 100) / 100) +
                " ms.";
    return c;
}

ChartSpec memoryComparisonChart(const PipelineLayout& layout) {
    const PipelineAnalysis& a = *layout.analysis;
    const DataParallelCost& dp = a.dataParallel;
    const MemoryAssumptions& assumed = layout.config.memory;
    ChartSpec c;
    c.id = "memory_comparison";
    c.tab = "Memory vs data parallel";
    c.title = layout.networkName + ": memory, pipeline vs data parallel";
    c.xLabel = "Training scheme";
    c.yLabel = "Memory (GB)";
    c.kind = ChartKind::StackedBar;
    c.categories = {"Pipeline, P = " + std::to_string(a.partition.stages()),
                    "Data parallel, n = " + std::to_string(dp.workers) + " + server"};
    StageMemory pipe;
    for (const StageCost& s : a.stages) {
        pipe.weightsMb += s.memory.weightsMb;
        pipe.weightGradientsMb += s.memory.weightGradientsMb;
        pipe.momentumMb += s.memory.momentumMb;
        pipe.stashMb += s.memory.stashMb;
        pipe.activationGradientsMb += s.memory.activationGradientsMb;
    }
    const double n = dp.workers;
    const double serverWeights = assumed.serverWeights ? dp.weightsMb : 0;
    const double serverMomentum = assumed.momentum ? dp.weightsMb : 0;
    c.series = {
        {"Weights", SeriesRole::Update, {}, {pipe.weightsMb / 1e3, (n * dp.worker.weightsMb + serverWeights) / 1e3}},
        {"Weight gradients", SeriesRole::Backward, {}, {pipe.weightGradientsMb / 1e3, n * dp.worker.weightGradientsMb / 1e3}},
        {"Momentum", SeriesRole::Other1, {}, {pipe.momentumMb / 1e3, serverMomentum / 1e3}},
        {"Stashed activations", SeriesRole::Forward, {}, {pipe.stashMb / 1e3, n * dp.worker.stashMb / 1e3}},
        {"Activation gradients", SeriesRole::Other2, {}, {pipe.activationGradientsMb / 1e3, n * dp.worker.activationGradientsMb / 1e3}},
    };
    c.caption = "The pipeline keeps one copy of the weights but more activations in flight: " +
                formatNumber(std::round(a.memoryMb / 10) / 100) + " GB against " +
                formatNumber(std::round(dp.totalMb() / 10) / 100) + " GB (" +
                formatNumber(std::round(1000 * a.memoryReduction) / 10) + " % less).";
    return c;
}

ChartSpec scheduleTradeoffChart(const PipelineLayout& layout) {
    ChartSpec c;
    c.id = "schedule_tradeoff";
    c.tab = "Schedules: time vs memory";
    const int m = layout.config.microBatches;
    c.title = layout.networkName + ": pipeline schedules, time against memory (P = " + std::to_string(layout.config.stages) +
              ", m = " + std::to_string(m) + ")";
    c.xLabel = "Memory of all stages (GB)";
    c.yLabel = "Makespan of " + std::to_string(m) + " micro-batches (" + scheduleTimeUnit(layout.config) + ")";
    c.kind = ChartKind::Scatter;
    // One series per schedule, so the legend names them; the roles only keep the points apart.
    const SeriesRole roles[] = {SeriesRole::Reference, SeriesRole::Forward, SeriesRole::Backward, SeriesRole::Update,
                                SeriesRole::Other1,    SeriesRole::Other2,  SeriesRole::Other3};
    size_t fastest = 0;
    for (size_t i = 0; i < layout.family.size(); ++i) {
        const ScheduleTimeline& t = *layout.family[i];
        c.series.push_back({t.schedule, roles[i % 7], {layout.familyMemoryGb[i]}, {t.makespan}});
        if (t.makespan < layout.family[fastest]->makespan) fastest = i;
    }
    c.caption = "Each schedule is one point on the same network, partition and stage costs; the fastest here is " +
                layout.family[fastest]->schedule + ". Lower left is better. 1f1b, pipedream and pipedream-2bw run the "
                "same op order, so their points nearly coincide: they differ only in weight versions and updates.";
    return c;
}

std::vector<ChartSpec> energyCharts(const PipelineLayout& layout) {
    const PipelineEnergy e = pipelineEnergy(layout);
    std::vector<std::string> stages;
    for (const StageCost& c : layout.analysis->stages) stages.push_back(stageLabel(layout, c.stage));
    const std::string table = layout.energy->name;
    ChartSpec perStage = energyStackedChart(
        "stage_energy", layout.networkName + ": energy per stage and mini-batch", "Stage", stages, e.stages, 1,
        "per mini-batch",
        "Each stage's forward, backward and update MACs and the transfers into and out of it, priced by table " + table + ".");
    perStage.tab = "Energy per stage";
    const double ratio = e.pipeline.uj() > 0 ? e.dataParallel.uj() / e.pipeline.uj() : 0;
    ChartSpec schemes = energyStackedChart(
        "energy_pipeline_vs_data_parallel",
        layout.networkName + ": energy per mini-batch, pipeline vs data parallel",
        "Scheme", {"Pipeline (P = " + std::to_string(layout.config.stages) + ")",
                   "Data parallel (n = " + std::to_string(layout.analysis->dataParallel.workers) + ")"},
        {e.pipeline, e.dataParallel}, 1, "per mini-batch",
        "The same MACs; data parallelism moves n·W down and n·W up, so it takes " + formatNumber(ratio) +
            "× the pipeline's energy per mini-batch (table " + table + ").");
    schemes.tab = "Energy vs data parallel";
    return {perStage, schemes};
}

std::vector<ChartSpec> pipelineCharts(const PipelineLayout& layout) {
    std::vector<ChartSpec> charts = {trafficChart(layout), stageBalanceChart(layout), stageMemoryChart(layout),
                                     memoryComparisonChart(layout)};
    if (!layout.family.empty()) charts.push_back(scheduleTradeoffChart(layout));
    for (ChartSpec& c : energyCharts(layout)) charts.push_back(std::move(c));
    return charts;
}

}  // namespace dfl
