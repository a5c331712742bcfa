#include "core/tdnn/tdnn_module.h"

#include "core/scenario/scenario.h"
#include "core/sim/input_error.h"
#include "core/tdnn/tdnn_model.h"
#include "core/training/dataset.h"

namespace dfl {

namespace {

ParamSpec param(std::string key, ParamType type, ParamValue value, std::string unit, std::string description,
                double min = -1e300, double max = 1e300) {
    ParamSpec p;
    p.key = std::move(key);
    p.type = type;
    p.defaultValue = std::move(value);
    p.unit = std::move(unit);
    p.description = std::move(description);
    p.min = min;
    p.max = max;
    return p;
}

std::vector<ParamSpec> tdnnParams() {
    using T = ParamType;
    std::vector<ParamSpec> p = {
        param("sigma_static", T::Double, 0.0, "Δ", "static delay mismatch per stage, fixed per chip", 0, 1e3),
        param("sigma_jitter", T::Double, 0.0, "Δ", "jitter per stage per evaluation", 0, 1e3),
        param("arbiter_offset", T::Double, 0.0, "Δ", "σ of each arbiter's offset, fixed per chip", 0, 1e5),
        param("hidden", T::Int, std::int64_t(256), "neurons", "hidden layer width of the 784-H-10 binarised MLP", 1, 4096),
        param("epochs", T::Int, std::int64_t(4), "", "training epochs of the binarised MLP", 1, 200),
        param("train_samples", T::Int, std::int64_t(60000), "images", "training images used (the first n)", 100, 60000),
        param("test_samples", T::Int, std::int64_t(10000), "images", "test images evaluated (the first n)", 10, 10000),
        param("batch", T::Int, std::int64_t(100), "images", "mini-batch size", 1, 10000),
        param("learning_rate", T::Double, 0.7, "", "SGD learning rate on the latent weights (momentum 0.9)", 1e-6, 100),
        param("pixel_threshold", T::Double, 0.15, "", "grey level at or above which a pixel is +1", 0, 1),
        param("chips", T::Int, std::int64_t(4), "chips", "Monte Carlo chips (static mismatch and arbiter offsets)", 1, 64),
        param("sweep_sigmas", T::DoubleList, std::vector<double>{0, 0.25, 0.5, 1, 1.5, 2, 3, 4}, "Δ",
              "per-stage σ values of the sweeps (arbiter: σ·√N)", 0, 1e3),
        param("chain_sides", T::IntList, std::vector<std::int64_t>{7, 14, 28}, "pixels",
              "image sides for the chain-length sweep (N = side²; must divide 28)", 1, 28),
        param("lognet", T::Bool, true, "",
              "train the convergence lessons' CNN (fashion-cnn) in float and run the LOGNET study on all its weights"),
        param("float_epochs", T::Int, std::int64_t(2), "", "training epochs of the LOGNET CNN", 1, 200),
        param("float_learning_rate", T::Double, 0.01, "", "SGD learning rate of the LOGNET CNN (momentum 0.9, batch 32)",
              1e-6, 10),
        param("histogram_bits", T::Int, std::int64_t(3), "bits", "bits of the grids drawn over the weight histogram", 1, 8),
        param("neuron", T::Int, std::int64_t(0), "", "first-layer neuron the race view shows", 0, 4095),
        param("image", T::Int, std::int64_t(0), "", "test image the race view shows", 0, 9999),
        param("chip", T::Int, std::int64_t(0), "", "Monte Carlo chip the race view shows", 0, 63),
        param("data_dir", T::String, std::string(), "", "folder with the Fashion-MNIST IDX files (empty: the system's)"),
    };
    ParamSpec seed = param("seed", T::Int, std::int64_t(0), "", "training and Monte Carlo seed (absent: the scenario's seed)", 0, 9e15);
    seed.optional = true;
    seed.defaultValue = std::int64_t(0);
    p.push_back(seed);
    return p;
}

}  // namespace

TdnnConfig tdnnConfigFromScenario(const Scenario& s) {
    const Params& p = s.params;
    TdnnConfig c;
    c.dataDirectory = p.getString("data_dir").empty() ? fashionMnistDirectory() : p.getString("data_dir");
    c.hidden = int(p.getInt("hidden"));
    c.epochs = int(p.getInt("epochs"));
    c.trainSamples = int(p.getInt("train_samples"));
    c.testSamples = int(p.getInt("test_samples"));
    c.batch = int(p.getInt("batch"));
    c.learningRate = p.getDouble("learning_rate");
    c.pixelThreshold = p.getDouble("pixel_threshold");
    c.seed = p.has("seed") ? std::uint64_t(p.getInt("seed")) : s.seed;
    c.chips = int(p.getInt("chips"));
    c.variation = {p.getDouble("sigma_static"), p.getDouble("sigma_jitter"), p.getDouble("arbiter_offset")};
    c.sweepSigmas = p.getDoubleList("sweep_sigmas");
    for (std::int64_t side : p.getIntList("chain_sides")) {
        if (28 % side != 0 || side < 2)
            throw InputError(s.file, "params.chain_sides", "side " + std::to_string(side) +
                                                               " does not divide 28 (use 2, 4, 7, 14 or 28)");
        c.chainSides.push_back(int(side));
    }
    c.lognet = p.getBool("lognet");
    c.floatEpochs = int(p.getInt("float_epochs"));
    c.floatLearningRate = p.getDouble("float_learning_rate");
    c.histogramBits = int(p.getInt("histogram_bits"));
    if (!fashionMnistAvailable(c.dataDirectory))
        throw InputError(s.file, "params.data_dir",
                         "no Fashion-MNIST IDX files in '" + c.dataDirectory +
                             "' (install Debian's dataset-fashion-mnist package or set params.data_dir)");
    return c;
}

ModuleInfo tdnnModuleInfo() {
    ModuleInfo info;
    info.name = "tdnn";
    info.description = "A binarised network on time-domain delay lines (TDNN), what variation costs, and LOGNET";
    info.needsNetwork = false;
    info.params = tdnnParams();
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
        return std::make_unique<TdnnModel>(s.name, runTdnnExperiment(config), race);
    };
    return info;
}

}  // namespace dfl
