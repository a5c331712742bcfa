// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_setup.h"

#include "core/pipeline/partition_optimizer.h"
#include "core/pipeline/pipeline_schedules.h"
#include "core/sim/input_error.h"

#include <algorithm>

namespace dfl {

std::shared_ptr<const PipelineLayout> makePipelineLayout(std::shared_ptr<const Network> network,
                                                         const PipelineConfig& config, const std::string& file) {
    // The exact optimiser (every run's analysis compares with it) is O(P·L²): 2000 layers on 64 stages take
    // seconds; 10^4 took 36 s. Refused beyond, with the reason, rather than a GUI that hangs (README "File formats").
    if (network->size() > kMaxPipelineLayers)
        throw InputError(file, "network", network->name() + " has " + std::to_string(network->size()) +
                                              " layers; the pipeline module's exact partition optimiser takes at most " +
                                              std::to_string(kMaxPipelineLayers));
    if (config.stages > network->size())
        throw InputError(file, "params.stages",
                         std::to_string(config.stages) + " stages need at least as many layers, but " +
                             network->name() + " has " + std::to_string(network->size()));
    // The one shape a schedule refuses (PyTorch refuses it too): interleaved rounds that do not divide m.
    const int rounds = std::max(1, config.microBatches / config.stages);
    for (const std::string& name : {config.schedule, config.compareSchedule})
        if (name == "interleaved-1f1b" && config.microBatches % rounds != 0)
            throw InputError(file, "params.micro_batches",
                             std::to_string(config.microBatches) + " micro-batches are not a multiple of interleaved-1f1b's " +
                                 std::to_string(rounds) + " rounds (max(1, m / P))");
    if (config.partition)
        return makePipelineLayout(network, config, Partition::fromNames(*network, config.stages, *config.partition, file));
    const PipelineCostModel costs(network, config);
    return makePipelineLayout(network, config, optimalPartition(costs, config.stages, config.secondary).partition);
}

std::shared_ptr<const PipelineLayout> makePipelineLayout(std::shared_ptr<const Network> network,
                                                         const PipelineConfig& config, const Partition& partition) {
    PipelineConfig effective = config;
    effective.stages = partition.stages();
    const PipelineCostModel costs(network, effective);
    auto layout = std::make_shared<PipelineLayout>();
    layout->config = effective;
    layout->networkName = network->name();
    for (const Layer& l : network->layers()) layout->layerNames.push_back(l.name);
    layout->miniBatches = effective.miniBatches;
    layout->analysis = std::make_shared<const PipelineAnalysis>(analyzePipeline(costs, partition));
    layout->traffic = trafficSweep(costs, partition, {1, 2, 4, 8, 16, 32, 64, 128, 256});
    layout->memoryRange = memoryRange(network, effective, partition);

    const PipelineAnalysis& a = *layout->analysis;
    layout->opCosts = stageOpCosts(a, effective.opCosts);
    auto timeline = [&](const std::string& name) {
        return std::make_shared<const ScheduleTimeline>(generateSchedule(name, effective.stages, effective.microBatches,
                                                                         effective.virtualStages, layout->opCosts,
                                                                         effective.memory.forwardBeforeBackward));
    };
    layout->timeline = timeline(effective.schedule);
    layout->scheduleMemoryGb = scheduleMemoryGb(a, *layout->timeline);
    if (effective.compareSchedule != "none") layout->compareTimeline = timeline(effective.compareSchedule);
    if (effective.scheduleComparison)
        for (const std::string& name : scheduleNames()) {
            layout->family.push_back(name == effective.schedule ? layout->timeline : timeline(name));
            layout->familyMemoryGb.push_back(scheduleMemoryGb(a, *layout->family.back()));
        }
    return layout;
}

}  // namespace dfl
