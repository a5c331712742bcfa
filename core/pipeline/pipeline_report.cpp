// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_report.h"

#include "core/pipeline/pipeline_energy.h"
#include "core/pipeline/pipeline_model.h"
#include "core/pipeline/schedule_report.h"
#include "core/sim/metrics_json.h"

namespace dfl {

namespace {

std::string n(double value) { return formatNumber(value); }

std::string joined(const std::vector<double>& terms, const std::string& separator) {
    std::string text;
    for (double t : terms) text += (text.empty() ? "" : separator) + n(t);
    return text.empty() ? "0" : text;
}
std::string sum(const std::vector<double>& terms) { return joined(terms, " + "); }
std::string list(const std::vector<double>& terms) { return joined(terms, ", "); }

std::string partitionText(const PipelineLayout& layout, const Partition& partition) {
    std::string text;
    for (int s = 1; s < partition.stages(); ++s)
        text += (text.empty() ? "" : ", ") + layout.layerNames.at(size_t(partition.firstLayer(s)));
    return "[" + text + "]";
}

void addSummary(MetricsReport& r, const PipelineLayout& layout, const PipelineConfig& config) {
    const PipelineAnalysis& a = *layout.analysis;
    const DataParallelCost& dp = a.dataParallel;
    std::vector<double> inputs, boundaries, memories, times;
    for (const StageCost& c : a.stages) {
        inputs.push_back(c.inputMb);
        if (c.stage > 1) boundaries.push_back(c.inputMb);
        memories.push_back(c.memory.totalMb());
        times.push_back(c.timeMs());
    }

    r.add("stages", a.partition.stages(), "", "", "pipeline stages P (layer blocks, one worker each)");
    r.add("batch", config.batch, "samples", "", "mini-batch size");
    r.add("pipeline_forward_mb_per_batch", a.forwardMbPerBatch, "MB", "input batch + boundaries = " + sum(inputs),
          "the input batch plus the activations crossing every stage boundary, per mini-batch");
    r.add("pipeline_backward_mb_per_batch", a.backwardMbPerBatch, "MB", "boundaries = " + sum(boundaries),
          "the gradients crossing every stage boundary, per mini-batch");
    r.add("data_parallel_mb_per_batch", dp.trafficMbPerBatch, "MB",
          "2 × n × W = 2 × " + n(dp.workers) + " × " + n(dp.weightsMb),
          "data parallelism with a parameter server: every worker receives W and sends dW each step");
    r.add("data_parallel_workers", dp.workers, "", "", "workers n of the data-parallel comparison");
    r.add("weights_mb", dp.weightsMb, "MB",
          n(dp.weightsMb * 1e6 / config.bytesPerValue) + " parameters × " +
              n(config.bytesPerValue) + " B",
          "W: every weight and bias of the network");
    const double pipelineTraffic = a.forwardMbPerBatch + a.backwardMbPerBatch;
    r.add("bandwidth_reduction", a.bandwidthReduction, "",
          "1 − (" + n(a.forwardMbPerBatch) + " + " + n(a.backwardMbPerBatch) + ") / " + n(dp.trafficMbPerBatch),
          "traffic the pipeline saves against data parallelism");
    r.add("bandwidth_ratio", a.bandwidthRatio, "", n(dp.trafficMbPerBatch) + " / " + n(pipelineTraffic),
          "data-parallel traffic over pipeline traffic (the talk's 1/36.4)");
    r.add("pipeline_memory_gb", a.memoryMb / 1e3, "GB", "(" + sum(memories) + ") MB",
          "Σ stage memory: weights, weight gradients, momentum, stashed activations, activation gradients");
    r.add("data_parallel_memory_gb", dp.totalMb() / 1e3, "GB",
          "(" + n(dp.workers) + " × " + n(dp.worker.totalMb()) + " + " + n(dp.serverMb) + " server) MB",
          "n workers holding the whole network, plus the parameter server");
    const MemoryRange& range = layout.memoryRange;
    std::string varied;
    for (const std::string& a : range.accountings) varied += (varied.empty() ? "" : "; ") + a;
    r.add("pipeline_memory_gb_min", range.pipelineMinGb, "GB", "min over the documented accountings (" + varied + ")",
          "the least pipeline memory any documented accounting gives (the talk does not publish its own)");
    r.add("pipeline_memory_gb_max", range.pipelineMaxGb, "GB", "max over the same accountings",
          "the most pipeline memory any documented accounting gives");
    r.add("data_parallel_memory_gb_min", range.dataParallelMinGb, "GB", "min over the same accountings",
          "the least data-parallel memory any documented accounting gives");
    r.add("data_parallel_memory_gb_max", range.dataParallelMaxGb, "GB", "max over the same accountings",
          "the most data-parallel memory any documented accounting gives");
    r.add("memory_reduction", a.memoryReduction, "", "1 − " + n(a.memoryMb / 1e3) + " / " + n(dp.totalMb() / 1e3),
          "memory the pipeline saves against data parallelism");
    r.add("bottleneck_stage", a.bottleneckStage, "", "argmax over stage times (" + list(times) + ") ms",
          "the slowest stage, which sets the pipeline cycle");
    r.add("pipeline_cycle_time_ms", a.cycleMs, "ms", "max(" + list(times) + ")",
          "one pipeline cycle: the slowest stage's forward + backward + update at " + n(config.workerGmacsPerSecond) +
              " GMAC/s");
    r.add("single_worker_time_ms", a.singleWorkerMs, "ms", sum(times),
          "one worker running the whole network on one mini-batch");
    // layer-block keeps today's steady-state figure; the other schedules report their timeline's (fill and drain in).
    const ScheduleTimeline& timeline = *layout.timeline;
    if (timeline.schedule == "layer-block")
        r.add("throughput_speedup", a.throughputSpeedup, "×", n(a.singleWorkerMs) + " / " + n(a.cycleMs),
              "steady-state mini-batches per second over one worker (fill and drain excluded)");
    else
        r.add("throughput_speedup", timeline.throughputSpeedup, "×", "busy time of all stages / makespan",
              "the timeline's m micro-batches on P stages against one device running every op in turn");
    r.add("optimal_cycle_time_ms", a.optimal.cycleMs, "ms",
          "exact optimiser, partition " + partitionText(layout, a.optimal.partition),
          "the least possible pipeline cycle for this P");
    r.add("partition_gap", a.partitionGap, "", n(a.cycleMs) + " / " + n(a.optimal.cycleMs) + " − 1",
          "how much slower this partition's cycle is than the optimiser's (0: optimal)");
}

void addEnergy(MetricsReport& r, const PipelineLayout& layout) {
    const PipelineEnergy e = pipelineEnergy(layout);
    addEnergySummary(r, e.pipeline, "energy_uj_per_batch", 1, "per mini-batch",
                     "pipeline: every stage's forward, backward and update MACs plus the activations and gradients "
                     "crossing the stage boundaries (and the input batch)");
    addEnergySummary(r, e.dataParallel, "data_parallel_energy_uj_per_batch", 1, "per mini-batch",
                     "data parallelism: the same MACs plus n·W down and n·W up");
    const std::string link = "transfers: off-chip link", dram = "transfers: DRAM read + write";
    const double pipelineTransfers = (e.pipeline.pj(link) + e.pipeline.pj(dram)) * 1e-6;
    const double parallelTransfers = (e.dataParallel.pj(link) + e.dataParallel.pj(dram)) * 1e-6;
    r.add("transfer_energy_uj_per_batch", pipelineTransfers, "µJ",
          n(e.pipeline.pj(link) * 1e-6) + " link + " + n(e.pipeline.pj(dram) * 1e-6) + " DRAM",
          "energy of the pipeline's transfers per mini-batch (pipeline_forward_mb + pipeline_backward_mb)");
    r.add("data_parallel_transfer_energy_uj_per_batch", parallelTransfers, "µJ",
          n(e.dataParallel.pj(link) * 1e-6) + " link + " + n(e.dataParallel.pj(dram) * 1e-6) + " DRAM",
          "energy of the data-parallel transfers per mini-batch (data_parallel_mb_per_batch)");
    r.add("transfer_energy_ratio", pipelineTransfers > 0 ? parallelTransfers / pipelineTransfers : 0, "",
          n(parallelTransfers) + " / " + n(pipelineTransfers),
          "data-parallel over pipeline transfer energy (the same as bandwidth_ratio: every bit costs the same)");
    addEnergyBreakdown(r, e.pipeline, 1);
    addEnergyBreakdown(r, e.dataParallel, 1, "data_parallel_energy_breakdown");
    addEnergyTableUsed(r, {&e.pipeline, &e.dataParallel});
}

void addRun(MetricsReport& r, const PipelineLayout& layout, const PipelineState& state) {
    const PipelineAnalysis& a = *layout.analysis;
    r.add("simulated_cycles", double(state.cycle), "cycles", "", "pipeline cycles stepped so far");
    r.add("completed_mini_batches", double(state.stages.front().backwards), "", "",
          "mini-batches whose update has reached stage 1");
    double busy = 0;
    for (size_t s = 0; s < state.stages.size(); ++s) {
        const StageCost& c = a.stages[s];
        busy += double(state.stages[s].forwards) * c.forwardMs + double(state.stages[s].backwards) * (c.backwardMs + c.updateMs);
    }
    const double capacity = double(state.cycle) * a.cycleMs * double(state.stages.size());
    r.add("run_utilization", capacity > 0 ? busy / capacity : 0, "",
          "Σ busy stage time / (cycles × cycle time × P) = " + n(busy) + " ms / (" +
              std::to_string(state.cycle) + " × " + n(a.cycleMs) + " ms × " +
              std::to_string(state.stages.size()) + "), fill and drain included",
          "average stage utilisation over the cycles stepped so far");
    r.add("activation_transfers", double(state.activationTransfers), "", "", "stage-to-stage activation transfers so far");
    r.add("gradient_transfers", double(state.gradientTransfers), "", "", "stage-to-stage gradient transfers so far");
}

void addTables(MetricsReport& r, const PipelineLayout& layout, const PipelineState* state) {
    const PipelineAnalysis& a = *layout.analysis;
    Table& t = r.addTable("stages", {{"stage", ""},
                                     {"first_layer", ""},
                                     {"last_layer", ""},
                                     {"forward_macs", "MAC/mini-batch"},
                                     {"backward_macs", "MAC/mini-batch"},
                                     {"forward_ms", "ms"},
                                     {"backward_ms", "ms"},
                                     {"update_ms", "ms"},
                                     {"weights_mb", "MB"},
                                     {"memory_mb", "MB"},
                                     {"in_flight", "mini-batches"},
                                     {"weight_update_delay", "cycles"},
                                     {"measured_delay", "cycles"},
                                     {"boundary_mb", "MB/mini-batch"},
                                     {"utilization", ""},
                                     {"idle_fraction", ""},
                                     {"bottleneck", ""}});
    for (const StageCost& c : a.stages) {
        const double utilization = a.utilization(c.stage);
        const std::int64_t measured = state ? state->stages[size_t(c.stage - 1)].lastDelay : -1;
        t.addRow({std::int64_t(c.stage), layout.layerNames[size_t(c.firstLayer)], layout.layerNames[size_t(c.lastLayer)],
                  c.forwardMacs, c.backwardMacs, c.forwardMs, c.backwardMs, c.updateMs, c.memory.weightsMb,
                  c.memory.totalMb(), std::int64_t(c.memory.inFlight),
                  std::int64_t(a.weightUpdateDelays[size_t(c.stage - 1)]),
                  measured >= 0 ? Cell(measured) : Cell(std::string("-")), c.boundaryMb, utilization, 1 - utilization,
                  std::string(c.stage == a.bottleneckStage ? "yes" : "")});
    }

    Table& m = r.addTable("memory", {{"holder", ""},
                                     {"weights_mb", "MB"},
                                     {"weight_gradients_mb", "MB"},
                                     {"momentum_mb", "MB"},
                                     {"stash_per_mini_batch_mb", "MB"},
                                     {"in_flight", "mini-batches"},
                                     {"stash_mb", "MB"},
                                     {"activation_gradients_mb", "MB"},
                                     {"total_mb", "MB"}});
    auto row = [&m](const std::string& holder, const StageMemory& s, double count) {
        m.addRow({holder, count * s.weightsMb, count * s.weightGradientsMb, count * s.momentumMb, s.stashPerMiniBatchMb,
                  std::int64_t(s.inFlight), count * s.stashMb, count * s.activationGradientsMb, count * s.totalMb()});
    };
    for (const StageCost& c : a.stages) row("pipeline stage " + std::to_string(c.stage), c.memory, 1);
    const DataParallelCost& dp = a.dataParallel;
    row("data-parallel workers (" + std::to_string(dp.workers) + " ×)", dp.worker, dp.workers);
    const MemoryAssumptions& assumed = layout.config.memory;
    m.addRow({std::string("parameter server"), assumed.serverWeights ? dp.weightsMb : 0.0, 0.0,
              assumed.momentum ? dp.weightsMb : 0.0, 0.0, std::int64_t(0), 0.0, 0.0, dp.serverMb});

    Table& o = r.addTable("optimal_partition", {{"stage", ""}, {"first_layer", ""}, {"last_layer", ""}, {"time_ms", "ms"}});
    for (const StageCost& c : a.optimalStages)
        o.addRow({std::int64_t(c.stage), layout.layerNames[size_t(c.firstLayer)], layout.layerNames[size_t(c.lastLayer)],
                  c.timeMs()});
}

}  // namespace

std::vector<std::string> memoryAssumptionText(const PipelineConfig& config) {
    const MemoryAssumptions& m = config.memory;
    std::vector<std::string> text;
    text.push_back("Values are " + std::to_string(config.bytesPerValue) + " bytes; 1 MB = 10^6 B, 1 GB = 10^9 B.");
    text.push_back("Each pipeline stage holds one copy of its weights" +
                   std::string(m.weightGradients ? ", their gradients" : "") +
                   (m.momentum ? " and SGD momentum (the stage updates its own weights)" : "") + ".");
    text.push_back(std::string("Stashed per in-flight mini-batch: ") +
                   (m.stash == StashPolicy::AllOutputs ? "every layer output of the stage"
                                                       : "only the outputs read by layers with weights") +
                   (m.stageInput ? ", plus the stage's input activations" : "") + ".");
    text.push_back(std::string("In-flight mini-batches per stage are counted from the schedule at its peak, with the ") +
                   (m.forwardBeforeBackward ? "new forward's activations allocated before the old backward frees its "
                                              "stash (an upper bound)"
                                            : "old backward releasing its stash before the new forward") +
                   ". Within a cycle a stage runs its backward pass (and update) before the new forward pass.");
    text.push_back(m.activationGradients
                       ? "During the backward pass a stage holds the gradients of every layer output of one mini-batch "
                         "(and of its input, except the images)."
                       : "Activation gradients are not counted.");
    text.push_back("Data parallelism: each of the n workers runs the whole network on its own mini-batch of the same "
                   "size (one in flight) and holds W" +
                   std::string(m.weightGradients ? " and dW" : "") +
                   (m.activationGradients ? " and the activation gradients" : "") + "; the parameter server holds " +
                   (m.serverWeights ? "its own W" : "no weights") + (m.momentum ? " and the momentum (it runs the update)" : "") +
                   ".");
    text.push_back("The network's first layer computes no gradient with respect to the images.");
    text.push_back(std::string("Optimiser (exact): shortest cycle first; then every stage starts at a working layer "
                               "(MACs or weights: conv, fc, batch norm) and keeps the ReLU / LRN / pooling after it, "
                               "which costs no cycle time when there are at least P of them; then the least total ") +
                   (config.secondary == SecondaryObjective::Memory ? "memory" : "boundary traffic") + ".");
    return text;
}

MetricsReport pipelineReport(const std::string& scenarioName, const PipelineLayout& layout, const PipelineState* state) {
    MetricsReport r;
    r.scenario = scenarioName;
    r.module = "pipeline";
    const PipelineConfig& config = layout.config;
    addSummary(r, layout, config);
    if (state) addRun(r, layout, *state);
    addScheduleFigures(r, layout);
    addTables(r, layout, state);
    addScheduleTables(r, layout);
    r.assumptions = memoryAssumptionText(config);
    r.assumptions.push_back(scheduleAssumptionText(config));
    addEnergy(r, layout);
    r.assumptions.push_back("Energy per mini-batch: MACs at " + std::to_string(config.bytesPerValue * 8) +
                            "-bit floating point (multiply + add each); every transferred bit crosses one off-chip "
                            "link, is read from DRAM at the sender and written to DRAM at the receiver. Both schemes "
                            "do the same MACs; the transfers are the traffic figures above.");
    return r;
}

}  // namespace dfl
