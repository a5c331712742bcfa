#include "core/convergence/convergence_config.h"

#include "core/sim/input_error.h"
#include "core/training/dataset.h"

#include <algorithm>

namespace dfl {

int ConvergenceConfig::evaluationInterval() const {
    return std::max(1, miniBatchesPerEpoch() / std::max(1, evaluationsPerEpoch));
}

ConvergenceConfig convergenceConfigFromParams(const Params& params, std::uint64_t seed, const std::string& file) {
    ConvergenceConfig c;
    c.stages.clear();
    const auto& stages = params.getIntList("stages");
    for (size_t i = 0; i < stages.size(); ++i) {
        if (std::find(c.stages.begin(), c.stages.end(), int(stages[i])) != c.stages.end())
            throw InputError(file, "params.stages[" + std::to_string(i) + "]", "stage count listed twice");
        c.stages.push_back(int(stages[i]));
    }
    c.learningRate = params.getDouble("learning_rate");
    c.momentum = params.getDouble("momentum");
    c.batch = int(params.getInt("batch"));
    c.epochs = int(params.getInt("epochs"));
    c.trainSamples = int(params.getInt("train_samples"));
    c.testSamples = int(params.getInt("test_samples"));
    c.targetError = params.getDouble("target_error");
    c.evaluationsPerEpoch = int(params.getInt("evaluations_per_epoch"));
    c.timing.batch = c.batch;
    c.timing.workerGmacsPerSecond = params.getDouble("worker_gmacs");
    c.timing.updateMacsPerWeight = params.getDouble("update_macs_per_weight");
    c.weightStashing = params.getBool("weight_stashing");
    c.seed = seed;
    c.seeds = int(params.getInt("seeds"));
    c.lrGrid = params.getDoubleList("lr_grid");
    for (size_t i = 0; i < c.lrGrid.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (c.lrGrid[j] == c.lrGrid[i])
                throw InputError(file, "params.lr_grid[" + std::to_string(i) + "]", "learning rate listed twice");
    c.dataDirectory = params.getString("data_dir");
    if (c.dataDirectory.empty()) c.dataDirectory = fashionMnistDirectory();
    if (c.batch > c.trainSamples)
        throw InputError(file, "params.batch", "larger than train_samples (" + std::to_string(c.trainSamples) +
                                                   "): not one full mini-batch per epoch");
    return c;
}

}  // namespace dfl
