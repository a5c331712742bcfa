// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/convergence_module.h"

#include "core/convergence/convergence_config.h"
#include "core/convergence/convergence_data.h"
#include "core/convergence/convergence_model.h"
#include "core/training/trainable_network.h"
#include "core/contract/scenario.h"
#include "core/sim/input_error.h"
#include "core/training/seeded_random.h"

namespace dfl {

ModuleInfo convergenceModuleInfo() {
    ModuleInfo info;
    info.name = "convergence";
    info.description = "Real training with stale weights: naive SGD against layer-block-wise pipelines on "
                       "Fashion-MNIST, time to a target error (KobePipeline)";
    info.needsNetwork = true;
    info.params = convergenceParams().specs();
    info.create = [](const Scenario& s) -> std::unique_ptr<ClockedModel> {
        const ConvergenceConfig config = convergenceConfigFromParams(s.params, s.seed, s.file);
        auto network = std::make_shared<const Network>(*s.network);
        if (!(network->input() == Shape{1, 28, 28}))
            throw InputError(s.file, "network.input", "Fashion-MNIST images are 1x28x28, the network takes " +
                                                          network->input().text());
        SeededRandom probe(1);
        (void)makeTrainableNetwork(*network, 10, probe, s.file);  // rejects untrainable networks before loading data
        for (size_t i = 0; i < config.stages.size(); ++i)
            if (config.stages[i] > network->size())
                throw InputError(s.file, "params.stages[" + std::to_string(i) + "]",
                                 std::to_string(config.stages[i]) + " stages but the network has only " +
                                     std::to_string(network->size()) + " layers");
        auto data = fashionMnistSubset(config.dataDirectory, config.trainSamples, config.testSamples, s.file);
        return std::make_unique<ConvergenceModel>(s.name, network, config, data, s.file);
    };
    return info;
}

}  // namespace dfl
