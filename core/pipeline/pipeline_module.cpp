// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_module.h"

#include "core/pipeline/pipeline_model.h"
#include "core/pipeline/pipeline_setup.h"
#include "core/pipeline/schedule_family.h"
#include "core/pipeline/schedule_model.h"
#include "core/contract/scenario.h"
#include "core/sim/param_binder.h"

namespace dfl {

namespace {

std::string joinedScheduleNames() {
    std::string text;
    for (const std::string& n : scheduleNames()) text += (text.empty() ? "" : ", ") + n;
    return text;
}

std::vector<std::string> compareChoices() {
    std::vector<std::string> choices{"none"};
    for (const std::string& n : scheduleNames()) choices.push_back(n);
    return choices;
}

// Each parameter once: key, field (whose initialiser is the default), unit, description, limits.
ParamBinder<PipelineConfig> pipelineParams() {
    using C = PipelineConfig;
    using M = MemoryAssumptions;
    ParamBinder<C> b;
    b.bind("stages", &C::stages, "", "pipeline stages P: contiguous layer blocks, one worker each").range(1, 64);
    b.bind("batch", &C::batch, "samples", "mini-batch size").range(1, 65536);
    b.bind("partition", &C::partition, "", "names of the first layers of stages 2..P; absent: the optimiser's partition");
    b.bind("workers", &C::workers, "", "data-parallel workers to compare with; absent: as many as stages")
        .range(1, 4096)
        .optional();
    b.bind("bytes_per_value", &C::bytesPerValue, "bytes", "bytes per activation, gradient and weight (4: float32)")
        .range(1, 8);
    b.bind("mini_batches", &C::miniBatches, "", "mini-batches fed through the cycle-stepped run").range(1, 1e12);
    b.bind("worker_gmacs", &C::workerGmacsPerSecond, "GMAC/s", "throughput of one worker (stage or data-parallel worker)")
        .atLeast(1e-6);
    b.bind("update_macs_per_weight", &C::updateMacsPerWeight, "MAC", "weight-update cost per weight (momentum and step)")
        .range(0, 1e6);
    b.bind("balance_secondary", &C::secondary,
           {{"memory", SecondaryObjective::Memory}, {"traffic", SecondaryObjective::Traffic}}, "",
           "optimiser's second objective among fastest partitions: total memory or total traffic");
    b.bind("memory_weight_gradients", &C::memory, &M::weightGradients, "", "count one weight-gradient buffer (dW) per weight copy");
    b.bind("memory_momentum", &C::memory, &M::momentum, "", "count SGD momentum where the update runs (stage / parameter server)");
    b.bind("memory_stash", &C::memory, &M::stash,
           {{"all_outputs", StashPolicy::AllOutputs}, {"weight_inputs", StashPolicy::WeightInputs}}, "",
           "layer outputs kept per in-flight mini-batch: every output, or only those read by layers with weights");
    b.bind("memory_stage_input", &C::memory, &M::stageInput, "", "stash the stage's input activations too");
    b.bind("memory_activation_gradients", &C::memory, &M::activationGradients, "",
           "count one mini-batch of activation gradients per stage / worker");
    b.bind("memory_forward_before_backward", &C::memory, &M::forwardBeforeBackward, "",
           "count the new forward's activations before the old backward frees its stash (one more mini-batch at the "
           "peak: buffers allocated before freed); the passes themselves run backward first (kIntraCycleOrder)");
    b.bind("schedule", &C::schedule, "", "pipeline schedule: " + joinedScheduleNames() + " (docs/schedules.md)")
        .choices(scheduleNames());
    b.bind("micro_batches", &C::microBatches, "", "micro-batches m of the schedule timeline (each of `batch` samples)")
        .range(1, 4096);
    b.bind("virtual_stages", &C::virtualStages, "", "model chunks v per stage (interleaved-1f1b only)").range(1, 16);
    b.bind("op_costs", &C::opCosts, {{"network", OpCostModel::Network}, {"uniform", OpCostModel::Uniform}}, "",
           "schedule op times: the stage's MACs (B from input-gradient, W from weight-gradient MACs) or F = B = W = 1");
    b.bind("compare_schedule", &C::compareSchedule, "", "a second schedule drawn below the first for comparison (none: off)")
        .choices(compareChoices());
    b.bind("schedule_comparison", &C::scheduleComparison, "",
           "add the `schedules` table and the trade-off chart over all seven schedules");
    b.bind("memory_server_weights", &C::memory, &M::serverWeights, "",
           "data parallel: the parameter server keeps its own copy of W");
    return b;
}

}  // namespace

PipelineConfig pipelineConfigFrom(const Params& params) {
    PipelineConfig c = pipelineParams().from(params);
    if (!params.has("workers")) c.workers = c.stages;
    return c;
}

ModuleInfo pipelineModuleInfo() {
    ModuleInfo info;
    info.name = "pipeline";
    info.description = "Layer-block-wise pipeline training: stages, weight-update delay 2P−2S+1, traffic and memory "
                       "against data parallelism (Kobe, seeds 000/001)";
    info.needsNetwork = true;
    info.params = pipelineParams().specs();
    info.create = [](const Scenario& s) -> std::unique_ptr<ClockedModel> {
        const PipelineConfig config = pipelineConfigFrom(s.params);
        auto network = std::make_shared<const Network>(*s.network);
        auto layout = makePipelineLayout(network, config, s.file);
        // layer-block steps the talk's cycles; every other schedule steps from op to op of its timeline.
        if (config.schedule == "layer-block") return std::make_unique<PipelineModel>(s.name, layout);
        return std::make_unique<ScheduleModel>(s.name, layout);
    };
    return info;
}

}  // namespace dfl
