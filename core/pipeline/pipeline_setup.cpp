#include "core/pipeline/pipeline_setup.h"

#include "core/pipeline/partition_optimizer.h"
#include "core/sim/input_error.h"

namespace dfl {

PipelineConfig pipelineConfigFromParams(const Params& params, const std::string& file) {
    PipelineConfig c;
    c.stages = int(params.getInt("stages"));
    c.batch = int(params.getInt("batch"));
    c.bytesPerValue = int(params.getInt("bytes_per_value"));
    c.workers = params.has("workers") ? int(params.getInt("workers")) : c.stages;
    c.miniBatches = params.getInt("mini_batches");
    c.workerGmacsPerSecond = params.getDouble("worker_gmacs");
    c.updateMacsPerWeight = params.getDouble("update_macs_per_weight");
    c.secondary = params.getString("balance_secondary") == "traffic" ? SecondaryObjective::Traffic : SecondaryObjective::Memory;
    c.memory.weightGradients = params.getBool("memory_weight_gradients");
    c.memory.momentum = params.getBool("memory_momentum");
    c.memory.stash = params.getString("memory_stash") == "weight_inputs" ? StashPolicy::WeightInputs : StashPolicy::AllOutputs;
    c.memory.stageInput = params.getBool("memory_stage_input");
    c.memory.activationGradients = params.getBool("memory_activation_gradients");
    c.memory.forwardBeforeBackward = params.getBool("memory_forward_before_backward");
    c.memory.serverWeights = params.getBool("memory_server_weights");
    if (params.has("partition")) c.partition = params.getStringList("partition");
    (void)file;
    return c;
}

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
    return layout;
}

}  // namespace dfl
