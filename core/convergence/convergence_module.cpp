#include "core/convergence/convergence_module.h"

#include "core/convergence/convergence_config.h"
#include "core/convergence/convergence_data.h"
#include "core/convergence/convergence_model.h"
#include "core/training/trainable_network.h"
#include "core/scenario/scenario.h"
#include "core/sim/input_error.h"
#include "core/training/seeded_random.h"

namespace dfl {

namespace {

std::vector<ParamSpec> convergenceParams() {
    using T = ParamType;
    std::vector<ParamSpec> p;
    auto add = [&p](auto&&... args) { declareParam(p, std::forward<decltype(args)>(args)...); };
    add("stages", T::IntList, std::vector<std::int64_t>{2, 4, 8}, "",
        "pipeline stage counts P to train beside naive SGD (one run each)", 1, 64);
    add("learning_rate", T::Double, 0.0015, "", "SGD learning rate η", 1e-9, 100);
    add("momentum", T::Double, 0.0, "", "SGD momentum μ (0: plain SGD)", 0, 0.999);
    add("batch", T::Int, std::int64_t(32), "samples", "mini-batch size", 1, 4096);
    add("epochs", T::Int, std::int64_t(3), "", "passes over the training subset", 1, 1000);
    add("train_samples", T::Int, std::int64_t(6000), "samples", "the first N Fashion-MNIST training images", 1, 60000);
    add("test_samples", T::Int, std::int64_t(1000), "samples", "the first N test images, for the test error", 1, 10000);
    add("target_error", T::Double, 0.4, "", "test error (fraction misclassified) whose reaching is timed", 0, 1);
    add("evaluations_per_epoch", T::Int, std::int64_t(10), "", "test-set evaluations per epoch (curve points)", 1, 10000);
    add("worker_gmacs", T::Double, 10.0, "GMAC/s", "throughput of one worker (a stage, or the naive single worker)", 1e-6);
    add("update_macs_per_weight", T::Double, 2.0, "MAC", "weight-update cost per weight (momentum and step)", 0, 1e6);
    add("weight_stashing", T::Bool, false, "",
        "also train each pipeline with weight stashing (the backward pass reads the forward's weights, as PipeDream)");
    add("seeds", T::Int, std::int64_t(1), "",
        "repeat the comparison with this many seeds (seed, seed + 1, …) in parallel; speed-ups are their mean", 1, 16);
    add("lr_grid", T::DoubleList, std::vector<double>{}, "",
        "also train every schedule at each of these learning rates (scenario seed) and compare each at its best "
        "(empty: off)", 1e-9, 100);
    add("data_dir", T::String, std::string(""), "",
        "folder of the Fashion-MNIST IDX files (empty: Debian's /usr/share/datasets/fashion-mnist or $DFL_FASHION_MNIST)");
    return p;
}

}  // namespace

ModuleInfo convergenceModuleInfo() {
    ModuleInfo info;
    info.name = "convergence";
    info.description = "Real training with stale weights: naive SGD against layer-block-wise pipelines on "
                       "Fashion-MNIST, time to a target error (Kobe, seed 001)";
    info.needsNetwork = true;
    info.params = convergenceParams();
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
