#include "core/tdnn/tdnn_experiment.h"

#include "core/sim/build_progress.h"
#include "core/training/dense_layer.h"
#include "core/training/mlp_builders.h"
#include "core/training/seeded_random.h"
#include "core/training/sequential_net.h"

#include <cmath>
#include <map>
#include <mutex>
#include <sstream>

namespace dfl {

namespace {

// A process-wide memo: one entry per key, computed once even when two threads ask.
template <class T>
class Memo {
public:
    template <class Make>
    std::shared_ptr<const T> get(const std::string& key, Make&& make) {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it != entries_.end()) return it->second;
        auto value = std::make_shared<const T>(make());
        if (entries_.size() >= 8) entries_.erase(entries_.begin());  // bounded: experiments hold large matrices
        entries_[key] = value;
        return value;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const T>> entries_;
};

std::string join(const std::vector<double>& v) {
    std::ostringstream s;
    for (double x : v) s << x << ',';
    return s.str();
}

SgdParams sgdParams(const TdnnConfig& c, double lr, int epochs, std::uint64_t stream) {
    SgdParams p;
    p.learningRate = lr;
    p.learningRateDecay = c.learningRateDecay;
    p.batch = c.batch;
    p.epochs = epochs;
    p.seed = c.seed * 1000003 + stream;
    return p;
}

int poolFactor(int side) { return 28 / side; }

}  // namespace

std::string TdnnConfig::key() const {
    std::ostringstream s;
    s << dataDirectory << '|' << hidden << '|' << epochs << '|' << trainSamples << '|' << testSamples << '|' << batch << '|'
      << learningRate << '|' << learningRateDecay << '|' << pixelThreshold << '|' << seed << '|' << chips << '|'
      << variation.sigmaStatic << '|' << variation.sigmaJitter << '|' << variation.arbiterOffset << '|'
      << join(sweepSigmas) << '|';
    for (int side : chainSides) s << side << ',';
    s << '|' << marginBinWidth << '|' << lognet << '|' << floatEpochs << '|' << floatLearningRate << '|' << histogramBits;
    return s.str();
}

TrainedBinarized trainBinarized(const TdnnConfig& c, const Dataset& train, const std::string& dataKey,
                                const std::function<void(double)>& progress) {
    static Memo<TrainedBinarized> memo;
    std::ostringstream key;
    key << dataKey << '|' << train.features() << '|' << c.hidden << '|' << c.epochs << '|' << c.batch << '|'
        << c.learningRate << '|' << c.learningRateDecay << '|' << c.pixelThreshold << '|' << c.seed;
    return *memo.get(key.str(), [&] {
        SeededRandom random = SeededRandom::derived(c.seed, 0xB11 + std::uint64_t(train.features()));
        SequentialNet net = makeBinarizedMlp({train.features(), c.hidden, train.classes}, random);
        const Dataset binary = binarisedPixels(train, float(c.pixelThreshold));
        TrainedBinarized t;
        t.training = trainSgd(net, binary, sgdParams(c, c.learningRate, c.epochs, std::uint64_t(train.features())), {},
                              [&](int done, int total) {
                                  if (progress) progress(double(done) / total);
                              });
        t.bnn = std::make_shared<const FoldedBnn>(foldBinarizedMlp(net));
        t.trainAccuracy = fractionCorrect(predictFolded(*t.bnn, binary.inputs), binary.labels);
        return t;
    });
}

namespace {

struct LoadedData {
    TrainTestSplit split;
};

std::shared_ptr<const LoadedData> loadData(const TdnnConfig& c) {
    static Memo<LoadedData> memo;
    const std::string key = c.dataDirectory + '|' + std::to_string(c.trainSamples) + '|' + std::to_string(c.testSamples);
    return memo.get(key, [&] { return LoadedData{loadFashionMnist(c.dataDirectory, c.trainSamples, c.testSamples)}; });
}

constexpr int kLognetBits = 8;
constexpr int kLognetVariants = 4;  // log/linear × with/without activations

// The build's phases weighted by their multiply-accumulates, so the progress bar moves evenly. An estimate for
// the bar only; nothing measured depends on it.
struct TdnnWork {
    double load, trainMain, evaluator, sweeps, lognetTrain, lognetEval;
    std::vector<double> pooled;  // one per chain side below 28
    double total() const {
        double t = load + trainMain + evaluator + sweeps + lognetTrain + lognetEval;
        for (double p : pooled) t += p;
        return t;
    }
};

TdnnWork tdnnWork(const TdnnConfig& c) {
    const double features = 28 * 28, train = c.trainSamples, test = c.testSamples, h = c.hidden;
    const double trainMacs = 3 * train * features * h;  // forward, backward, update per epoch
    const double elementwise = 10;                      // a comparison or a normal draw, in MAC-equivalents
    TdnnWork w{};
    w.load = (train + test) * features * elementwise;
    w.trainMain = c.epochs * trainMacs;
    w.evaluator = c.chips * (test * features * h + (features + test) * h * elementwise);
    w.sweeps = (3.0 * double(c.sweepSigmas.size()) + 4) * c.chips * test * h * elementwise;
    for (int side : c.chainSides)
        if (side != 28) w.pooled.push_back(c.epochs * trainMacs * (side * side) / features + c.chips * test * side * side * h);
    if (c.lognet) {
        w.lognetTrain = c.floatEpochs * trainMacs;
        w.lognetEval = kLognetBits * kLognetVariants * test * features * h;
    }
    return w;
}

void runLognet(const TdnnConfig& c, const Dataset& train, const Dataset& test, TdnnResults& r, BuildPlan& plan,
               const TdnnWork& work) {
    plan.begin(work.lognetTrain, "Training the float MLP for LOGNET");
    SeededRandom random = SeededRandom::derived(c.seed, 0xF10A7);
    SequentialNet net = makeFloatMlp({train.features(), c.hidden, train.classes}, random);
    r.floatTraining = trainSgd(net, train, sgdParams(c, c.floatLearningRate, c.floatEpochs, 0xF10A7), {},
                               [&](int done, int total) { plan.progress(double(done) / total); });
    r.floatAccuracy = net.accuracy(test);
    plan.begin(work.lognetEval, "LOGNET: accuracy against bits");
    const Dataset calibration = train.first(1000);
    for (int bits = 1; bits <= kLognetBits; ++bits) {
        for (QuantScheme scheme : {QuantScheme::Log, QuantScheme::Linear})
            for (bool activations : {true, false})
                r.lognet.push_back({bits, quantSchemeName(scheme) + (activations ? "" : "_weights"),
                                    quantizedAccuracy(net, test, calibration, scheme, bits, activations)});
        plan.progress(double(bits) / kLognetBits);
    }
    // Histogram of the first layer's weights, and the grids they are quantised to.
    const Matrix& w = dynamic_cast<const DenseLayer&>(*net.layers().front()).weight;
    const double maxAbs = double(w.cwiseAbs().maxCoeff());
    const int bins = 81;
    const double width = 2 * maxAbs / bins;
    r.weightHistogramCounts.assign(bins, 0);
    for (Eigen::Index i = 0; i < w.size(); ++i)
        r.weightHistogramCounts[std::size_t(std::min(bins - 1, int((double(w.data()[i]) + maxAbs) / width)))] += 1;
    for (int b = 0; b < bins; ++b) r.weightHistogramCentres.push_back(-maxAbs + (b + 0.5) * width);
    r.histogramLogGrid = fitGrid(QuantScheme::Log, c.histogramBits, maxAbs);
    r.histogramLinearGrid = fitGrid(QuantScheme::Linear, c.histogramBits, maxAbs);
}

}  // namespace

std::shared_ptr<const TdnnResults> runTdnnExperiment(const TdnnConfig& c) {
    static Memo<TdnnResults> memo;
    return memo.get(c.key(), [&] {
        const TdnnWork work = tdnnWork(c);
        BuildPlan plan(work.total());
        plan.begin(work.load, "Loading Fashion-MNIST");
        const std::shared_ptr<const LoadedData> data = loadData(c);
        const std::string dataKey = c.dataDirectory + '|' + std::to_string(c.trainSamples);
        TdnnResults r;
        r.config = c;
        r.testImages = data->split.test;
        r.testBinary = binarisedPixels(data->split.test, float(c.pixelThreshold));
        plan.begin(work.trainMain, "Training the binarised MLP");
        const TrainedBinarized main = trainBinarized(c, data->split.train, dataKey, [&](double f) { plan.progress(f); });
        plan.begin(work.evaluator, "Drawing the chips' variation");
        r.bnn = main.bnn;
        r.bnnTraining = main.training;
        r.bnnTrainAccuracy = main.trainAccuracy;
        r.layerSizes = {r.bnn->inputs(), c.hidden, data->split.train.classes};
        auto evaluator = std::make_shared<const TimeDomainEvaluator>(*r.bnn, r.testBinary.inputs, r.testBinary.labels,
                                                                     c.seed, c.chips);
        r.evaluator = evaluator;
        r.digitalAccuracy = evaluator->digitalAccuracy();
        r.noVariation = evaluator->evaluate({});
        r.withVariation = evaluator->evaluate(c.variation);
        r.margins = evaluator->flipsByMargin(c.variation, c.marginBinWidth, 40);
        plan.begin(work.sweeps, "Sweeping the variation σ");

        const double rootN = std::sqrt(double(evaluator->stages()));
        for (double sigma : c.sweepSigmas) {
            const Variation kinds[3] = {{sigma, 0, 0}, {0, sigma, 0}, {0, 0, sigma * rootN}};
            const char* names[3] = {"static", "jitter", "arbiter"};
            for (int k = 0; k < 3; ++k)
                r.sweep.push_back({names[k], k == 2 ? sigma * rootN : sigma, totalSigma(kinds[k], evaluator->stages()),
                                   evaluator->evaluate(kinds[k])});
            plan.progress(double(r.sweep.size()) / (3.0 * double(c.sweepSigmas.size())));
        }
        std::size_t pooledPhase = 0;
        for (int side : c.chainSides) {
            if (side == 28) {
                r.chain.push_back({evaluator->stages(), r.digitalAccuracy, r.withVariation});
                continue;
            }
            plan.begin(work.pooled[pooledPhase++], "Training for a chain of " + std::to_string(side * side) + " stages");
            const Dataset train = averagePooled(data->split.train, poolFactor(side));
            const Dataset test = binarisedPixels(averagePooled(data->split.test, poolFactor(side)), float(c.pixelThreshold));
            const TrainedBinarized pooled = trainBinarized(c, train, dataKey + "|side" + std::to_string(side),
                                                           [&](double f) { plan.progress(0.9 * f); });
            const TimeDomainEvaluator e(*pooled.bnn, test.inputs, test.labels, c.seed, c.chips);
            r.chain.push_back({e.stages(), e.digitalAccuracy(), e.evaluate(c.variation)});
        }
        if (c.lognet) runLognet(c, data->split.train, data->split.test, r, plan, work);
        plan.begin(0, "Done");
        plan.progress(1);
        return r;
    });
}

}  // namespace dfl
