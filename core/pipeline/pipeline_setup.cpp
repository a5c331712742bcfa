// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_setup.h"

#include "core/energy/energy_params.h"
#include "core/pipeline/partition_optimizer.h"
#include "core/pipeline/pipeline_energy.h"
#include "core/sim/input_error.h"

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
    auto energy = std::make_shared<const EnergyTable>(energyTableFor(config.energy, file, pipelineEnergyEntries(config)));
    if (config.partition)
        return makePipelineLayout(network, config, Partition::fromNames(*network, config.stages, *config.partition, file),
                                  std::move(energy));
    const PipelineCostModel costs(network, config);
    return makePipelineLayout(network, config, optimalPartition(costs, config.stages, config.secondary).partition,
                              std::move(energy));
}

std::shared_ptr<const PipelineLayout> makePipelineLayout(std::shared_ptr<const Network> network,
                                                         const PipelineConfig& config, const Partition& partition,
                                                         std::shared_ptr<const EnergyTable> energy) {
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
    layout->energy = energy ? std::move(energy)
                            : std::make_shared<const EnergyTable>(
                                  energyTableFor(effective.energy, "", pipelineEnergyEntries(effective)));
    return layout;
}

}  // namespace dfl
