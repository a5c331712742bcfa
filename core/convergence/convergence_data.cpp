// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/convergence_data.h"

#include "core/sim/input_error.h"

#include <map>
#include <mutex>
#include <tuple>

namespace dfl {

std::shared_ptr<const TrainTestSplit> fashionMnistSubset(const std::string& directory, int trainSamples,
                                                         int testSamples, const std::string& file) {
    static std::mutex mutex;
    static std::map<std::tuple<std::string, int, int>, std::shared_ptr<const TrainTestSplit>> cache;
    const std::lock_guard lock(mutex);
    const auto key = std::make_tuple(directory, trainSamples, testSamples);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    if (const std::string missing = missingFashionMnistFile(directory); !missing.empty())
        throw InputError(file, "params.data_dir",
                         "Fashion-MNIST file '" + missing + "' missing in '" + directory +
                             "' (install Debian's dataset-fashion-mnist package, or set DFL_FASHION_MNIST)");
    auto data = std::make_shared<const TrainTestSplit>(
        standardisedPixels(loadFashionMnist(directory, trainSamples, testSamples)));
    if (data->train.size() < trainSamples)
        throw InputError(file, "params.train_samples", "the training set has only " + std::to_string(data->train.size()) +
                                                           " samples");
    if (data->test.size() < testSamples)
        throw InputError(file, "params.test_samples", "the test set has only " + std::to_string(data->test.size()) +
                                                          " samples");
    cache.emplace(key, data);
    return data;
}

}  // namespace dfl
