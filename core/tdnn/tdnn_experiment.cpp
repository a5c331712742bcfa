// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/tdnn_experiment.h"

#include "core/sim/build_progress.h"
#include "core/sim/indexed_jobs.h"
#include "core/training/training_threads.h"
#include "core/training/mlp_builders.h"
#include "core/training/seeded_random.h"
#include "core/training/sequential_net.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <future>
#include <mutex>
#include <sstream>

namespace dfl {

namespace {

// A process-wide memo: one entry per key, computed once even when two threads ask. The lock is not held while an
// entry is computed, so different keys (the trainings of one experiment) compute at once.
template <class T>
class Memo {
public:
    template <class Make>
    std::shared_ptr<const T> get(const std::string& key, Make&& make) {
        using Value = std::shared_ptr<const T>;
        std::promise<Value> promise;
        std::shared_future<Value> future;
        bool owner = false;
        {
            std::lock_guard lock(mutex_);
            auto it = entries_.find(key);
            if (it != entries_.end()) {
                future = it->second;
            } else {
                if (entries_.size() >= 8) entries_.erase(entries_.begin());  // bounded: experiments hold large matrices
                future = entries_[key] = promise.get_future().share();
                owner = true;
            }
        }
        if (owner) {
            try {
                promise.set_value(std::make_shared<const T>(make()));
            } catch (...) {
                {
                    std::lock_guard lock(mutex_);
                    entries_.erase(key);  // nothing half-done is cached
                }
                promise.set_exception(std::current_exception());
            }
        }
        return future.get();  // another thread's failure is rethrown here too
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::shared_future<std::shared_ptr<const T>>> entries_;
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

// The build's phases weighted by their multiply-accumulates, so the progress bar moves evenly. An estimate for
// the bar only; nothing measured depends on it.
struct TdnnWork {
    double load, training, evaluator, sweeps;
    double total() const { return load + training + evaluator + sweeps; }
};

TdnnWork tdnnWork(const TdnnConfig& c) {
    const double features = 28 * 28, train = c.trainSamples, test = c.testSamples, h = c.hidden;
    const double trainMacs = 3 * train * features * h;  // forward, backward, update per epoch
    const double elementwise = 10;                      // a comparison or a normal draw, in MAC-equivalents
    TdnnWork w{};
    w.load = (train + test) * features * elementwise;
    w.training = c.epochs * trainMacs;  // the other trainings run beside it
    w.evaluator = c.chips * (test * features * h + (features + test) * h * elementwise);
    w.sweeps = (3.0 * double(c.sweepSigmas.size()) + 4) * c.chips * test * h * elementwise;
    return w;
}

LognetCnnStudy runLognet(const TdnnConfig& c, const TrainTestSplit& data) {
    LognetCnnSettings s;
    s.epochs = c.floatEpochs;
    s.learningRate = c.floatLearningRate;
    s.trainSamples = c.trainSamples;
    s.testSamples = c.testSamples;
    s.seed = c.seed;
    return runLognetCnnStudy(data, s);
}

void weightHistogram(const TdnnConfig& c, TdnnResults& r) {
    const std::vector<float>& w = r.lognet->weights;
    double maxAbs = 0;
    for (float x : w) maxAbs = std::max(maxAbs, std::abs(double(x)));
    const int bins = 81;
    const double width = 2 * maxAbs / bins;
    r.weightHistogramCounts.assign(bins, 0);
    for (float x : w)
        r.weightHistogramCounts[std::size_t(std::clamp(int((double(x) + maxAbs) / width), 0, bins - 1))] += 1;
    for (int b = 0; b < bins; ++b) r.weightHistogramCentres.push_back(-maxAbs + (b + 0.5) * width);
    // The grids of the study at its widest range (nothing clips), with histogram_bits total bits.
    const int magnitudeBits = std::max(1, c.histogramBits - 1);
    r.histogramLogGrid = powerOfTwoGrid(QuantScheme::Log, magnitudeBits, r.lognet->maxAbsExponent);
    r.histogramLinearGrid = powerOfTwoGrid(QuantScheme::Linear, magnitudeBits, r.lognet->maxAbsExponent);
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

        // The chains' networks: the main one (28 × 28 pixels) and one per pooled side, each with its test images.
        struct ChainNet {
            int side = 28;
            Dataset pooledTest;  // binarised pooled test images (the main network uses r.testBinary)
            TrainedBinarized trained;
            std::vector<TimeDomainEvaluator::Chip> chips;
        };
        std::vector<ChainNet> nets(1);
        std::vector<int> pooledSides;
        for (int side : c.chainSides)
            if (side != 28) pooledSides.push_back(side);
        std::sort(pooledSides.rbegin(), pooledSides.rend());  // larger networks train longer: started first
        for (int side : pooledSides) {
            ChainNet& net = nets.emplace_back();
            net.side = side;
            net.pooledTest = binarisedPixels(averagePooled(data->split.test, poolFactor(side)), float(c.pixelThreshold));
        }
        auto testOf = [&](const ChainNet& net) -> const Dataset& { return net.side == 28 ? r.testBinary : net.pooledTest; };
        const int chipCount = std::max(1, c.chips);
        for (ChainNet& net : nets) net.chips.resize(std::size_t(chipCount));

        // Nothing below shares anything, so it all runs at once, longest first, then whatever is left on whichever
        // thread is free: the main network's training (job 0, on this thread, so it reports progress), the LOGNET CNN,
        // the pooled networks' trainings, and every chip of every chain one by one. The chips' variation draws depend
        // on the shapes and the test images, not on the trained weights, so they need not wait for the trainings;
        // drawn one chip per job, they fill the gaps the trainings leave.
        plan.begin(work.training, "Training the binarised MLP (and the other networks beside it)");
        const size_t lognetJobs = c.lognet ? 1 : 0, firstPooledJob = 1 + lognetJobs;
        const size_t firstChipJob = firstPooledJob + pooledSides.size();
        runIndexedJobs(firstChipJob + nets.size() * std::size_t(chipCount), trainingThreads(), [&](size_t job) {
            if (job == 0) {
                nets[0].trained = trainBinarized(c, data->split.train, dataKey, [&](double f) { plan.progress(f); });
            } else if (job < firstPooledJob) {
                r.lognet = runLognet(c, data->split);
            } else if (job < firstChipJob) {
                ChainNet& net = nets[job - firstPooledJob + 1];
                net.trained = trainBinarized(c, averagePooled(data->split.train, poolFactor(net.side)),
                                             dataKey + "|side" + std::to_string(net.side));
            } else {
                const size_t n = (job - firstChipJob) / std::size_t(chipCount), chip = (job - firstChipJob) % std::size_t(chipCount);
                ChainNet& net = nets[n];
                const Dataset& test = testOf(net);
                net.chips[chip] = TimeDomainEvaluator::drawChip({{c.hidden, test.features()}}, test.inputs, c.seed, int(chip));
            }
        });
        plan.begin(work.evaluator, "Drawing the chips' variation");
        const TrainedBinarized& mainNet = nets[0].trained;
        r.bnn = mainNet.bnn;
        r.bnnTraining = mainNet.training;
        r.bnnTrainAccuracy = mainNet.trainAccuracy;
        r.layerSizes = {r.bnn->inputs(), c.hidden, data->split.train.classes};
        auto evaluator = std::make_shared<const TimeDomainEvaluator>(*r.bnn, r.testBinary.inputs, r.testBinary.labels,
                                                                     std::move(nets[0].chips));
        r.evaluator = evaluator;
        r.digitalAccuracy = evaluator->digitalAccuracy();
        plan.begin(work.sweeps, "Sweeping the variation σ");

        // Every evaluation is independent (const, its own seeded draws): in parallel, in order. The margin histogram
        // is the longest, so it starts first; then the pooled chains, each on its own network and chips.
        const double rootN = std::sqrt(double(evaluator->stages()));
        const char* names[3] = {"static", "jitter", "arbiter"};
        std::vector<Variation> variations{Variation{}, c.variation};
        for (double sigma : c.sweepSigmas)
            for (const Variation& v : {Variation{sigma, 0, 0}, Variation{0, sigma, 0}, Variation{0, 0, sigma * rootN}})
                variations.push_back(v);
        std::vector<TimeDomainOutcome> outcomes(variations.size());
        std::map<int, ChainRow> pooledChain;
        std::mutex pooledChainMutex;
        const size_t firstVariationJob = 1 + pooledSides.size();
        runIndexedJobs(firstVariationJob + variations.size(), trainingThreads(), [&](size_t job) {
            if (job == 0) {
                r.margins = evaluator->flipsByMargin(c.variation, c.marginBinWidth, 40);
            } else if (job < firstVariationJob) {
                ChainNet& net = nets[job];
                const TimeDomainEvaluator e(*net.trained.bnn, net.pooledTest.inputs, net.pooledTest.labels,
                                            std::move(net.chips));
                const ChainRow row{e.stages(), e.digitalAccuracy(), e.evaluate(c.variation)};
                std::lock_guard lock(pooledChainMutex);
                pooledChain[net.side] = row;
            } else {
                const size_t v = job - firstVariationJob;
                outcomes[v] = evaluator->evaluate(variations[v]);
                if (v == 0) plan.progress(0.5);
            }
        });
        r.noVariation = outcomes[0];
        r.withVariation = outcomes[1];
        for (size_t k = 0; k < c.sweepSigmas.size(); ++k)
            for (int kind = 0; kind < 3; ++kind) {
                const double sigma = c.sweepSigmas[k];
                const Variation& v = variations[2 + 3 * k + size_t(kind)];
                r.sweep.push_back({names[kind], kind == 2 ? sigma * rootN : sigma, totalSigma(v, evaluator->stages()),
                                   outcomes[2 + 3 * k + size_t(kind)]});
            }
        for (int side : c.chainSides)
            r.chain.push_back(side == 28 ? ChainRow{evaluator->stages(), r.digitalAccuracy, r.withVariation}
                                         : pooledChain.at(side));
        if (r.lognet) weightHistogram(c, r);
        plan.begin(0, "Done");
        plan.progress(1);
        return r;
    });
}

}  // namespace dfl
