// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/tdnn_module.h"

#include "core/contract/scenario.h"
#include "core/sim/input_error.h"
#include "core/energy/energy_params.h"
#include "core/sim/param_binder.h"
#include "core/tdnn/tdnn_hardware.h"
#include "core/tdnn/tdnn_model.h"
#include "core/training/dataset.h"

namespace dfl {

namespace {

// Each parameter once: key, field (whose initialiser is the default), unit, description, limits.
ParamBinder<TdnnConfig> tdnnParams() {
    using C = TdnnConfig;
    using V = Variation;
    ParamBinder<C> b;
    b.bind("sigma_static", &C::variation, &V::sigmaStatic, "Δ", "static delay mismatch per stage, fixed per chip").range(0, 1e3);
    b.bind("sigma_jitter", &C::variation, &V::sigmaJitter, "Δ", "jitter per stage per evaluation").range(0, 1e3);
    b.bind("arbiter_offset", &C::variation, &V::arbiterOffset, "Δ", "σ of each arbiter's offset, fixed per chip").range(0, 1e5);
    b.bind("hidden", &C::hidden, "neurons", "hidden layer width of the 784-H-10 binarised MLP").range(1, 4096);
    b.bind("epochs", &C::epochs, "", "training epochs of the binarised MLP").range(1, 200);
    b.bind("train_samples", &C::trainSamples, "images", "training images used (the first n)").range(100, 60000);
    b.bind("test_samples", &C::testSamples, "images", "test images evaluated (the first n)").range(10, 10000);
    b.bind("batch", &C::batch, "images", "mini-batch size").range(1, 10000);
    b.bind("learning_rate", &C::learningRate, "", "SGD learning rate on the latent weights (momentum 0.9)").range(1e-6, 100);
    b.bind("pixel_threshold", &C::pixelThreshold, "", "grey level at or above which a pixel is +1").range(0, 1);
    b.bind("chips", &C::chips, "chips", "Monte Carlo chips (static mismatch and arbiter offsets)").range(1, 64);
    b.bind("sweep_sigmas", &C::sweepSigmas, "Δ", "per-stage σ values of the sweeps (arbiter: σ·√N)").range(0, 1e3);
    b.bind("chain_sides", &C::chainSides, "pixels", "image sides for the chain-length sweep (N = side²; must divide 28)")
        .range(1, 28);
    b.bind("lognet", &C::lognet, "",
           "train the convergence lessons' CNN (fashion-cnn) in float and run the LOGNET study on all its weights");
    b.bind("float_epochs", &C::floatEpochs, "", "training epochs of the LOGNET CNN").range(1, 200);
    b.bind("float_learning_rate", &C::floatLearningRate, "", "SGD learning rate of the LOGNET CNN (momentum 0.9, batch 32)")
        .range(1e-6, 10);
    b.bind("histogram_bits", &C::histogramBits, "bits", "bits of the grids drawn over the weight histogram").range(1, 8);
    // What the race view shows: not part of the experiment (TdnnConfig::key), read by create().
    b.declare("neuron", ParamType::Int, std::int64_t(0), "", "first-layer neuron the race view shows").range(0, 4095);
    b.declare("image", ParamType::Int, std::int64_t(0), "", "test image the race view shows").range(0, 9999);
    b.declare("chip", ParamType::Int, std::int64_t(0), "", "Monte Carlo chip the race view shows").range(0, 63);
    bindEnergyParams(b, &C::energy);
    b.bind("data_dir", &C::dataDirectory, "", "folder with the Fashion-MNIST IDX files (empty: the system's)");
    b.declareOptional("seed", ParamType::Int, "", "training and Monte Carlo seed (absent: the scenario's seed)").range(0, 9e15);
    return b;
}

}  // namespace

TdnnConfig tdnnConfigFromScenario(const Scenario& s) {
    const Params& p = s.params;
    TdnnConfig c = tdnnParams().from(p);
    if (c.dataDirectory.empty()) c.dataDirectory = fashionMnistDirectory();
    c.seed = p.has("seed") ? std::uint64_t(p.getInt("seed")) : s.seed;
    for (int side : c.chainSides)
        if (28 % side != 0 || side < 2)
            throw InputError(s.file, "params.chain_sides", "side " + std::to_string(side) +
                                                               " does not divide 28 (use 2, 4, 7, 14 or 28)");
    if (const std::string missing = missingFashionMnistFile(c.dataDirectory); !missing.empty())
        throw InputError(s.file, "params.data_dir",
                         "Fashion-MNIST file '" + missing + "' missing in '" + c.dataDirectory +
                             "' (install Debian's dataset-fashion-mnist package or set params.data_dir)");
    return c;
}

ModuleInfo tdnnModuleInfo() {
    ModuleInfo info;
    info.name = "tdnn";
    info.description = "A binarised network on time-domain delay lines (TDNN), what variation costs, and LOGNET";
    info.needsNetwork = false;
    info.params = tdnnParams().specs();
    info.create = [](const Scenario& s) -> std::unique_ptr<ClockedModel> {
        const TdnnConfig config = tdnnConfigFromScenario(s);
        RaceSelection race{int(s.params.getInt("neuron")), int(s.params.getInt("image")), int(s.params.getInt("chip"))};
        if (race.neuron >= config.hidden)
            throw InputError(s.file, "params.neuron", "neuron " + std::to_string(race.neuron) + " but the hidden layer has " +
                                                          std::to_string(config.hidden));
        if (race.image >= config.testSamples)
            throw InputError(s.file, "params.image", "image " + std::to_string(race.image) + " but only " +
                                                         std::to_string(config.testSamples) + " test images are used");
        if (race.chip >= config.chips)
            throw InputError(s.file, "params.chip", "chip " + std::to_string(race.chip) + " but only " +
                                                        std::to_string(config.chips) + " chips are simulated");
        // The table first: a bad one is reported before minutes of training.
        auto energy = std::make_shared<const EnergyTable>(energyTableFor(config.energy, s.file, tdnnEnergyEntries()));
        auto results = runTdnnExperiment(config);
        // test_samples is an upper bound: a smaller test file holds fewer images than it asks for.
        if (race.image >= results->testImages.size())
            throw InputError(s.file, "params.image", "image " + std::to_string(race.image) + " but the test set in '" +
                                                         config.dataDirectory + "' holds only " +
                                                         std::to_string(results->testImages.size()) + " images");
        return std::make_unique<TdnnModel>(s.name, std::move(results), race, std::move(energy));
    };
    return info;
}

}  // namespace dfl
