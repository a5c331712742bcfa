// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/lognet_cnn_study.h"

#include "core/network/network_io.h"
#include "core/sim/indexed_jobs.h"
#include "core/training/training_threads.h"
#include "core/training/seeded_random.h"
#include "core/training/trainable_network.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <tuple>

namespace dfl {

namespace {

constexpr std::uint64_t WeightStream = 0x106E7;  // the CNN's initial weights
constexpr int FsrBelow = 4, FsrAbove = 1;         // FSR swept from ⌈log2 max|w|⌉ − 4 to ⌈log2 max|w|⌉ + 1

TrainableNetwork freshCnn(const LognetCnnSettings& s) {
    static const Network network = loadBuiltinNetwork("fashion-cnn");
    SeededRandom random = SeededRandom::derived(s.seed, WeightStream);
    return makeTrainableNetwork(network, 10, random, "fashion-cnn");
}

bool isWeight(const ParamSlot& p) { return p.name.size() > 7 && p.name.compare(p.name.size() - 7, 7, ".weight") == 0; }

}  // namespace

double topKAccuracy(const Matrix& scores, const std::vector<int>& labels, int k) {
    if (labels.empty()) return 0;
    std::size_t hits = 0;
    for (Eigen::Index c = 0; c < scores.cols(); ++c) {
        const int label = labels[size_t(c)];
        const float own = scores(label, c);
        int above = 0;  // classes ranked before the label
        for (Eigen::Index r = 0; r < scores.rows(); ++r)
            above += scores(r, c) > own || (scores(r, c) == own && r < label);
        hits += above < k;
    }
    return double(hits) / double(labels.size());
}

LognetCnnStudy runLognetCnnStudy(const TrainTestSplit& raw, const LognetCnnSettings& s,
                                 const std::function<void(double)>& progress) {
    TrainTestSplit subset{raw.train.first(s.trainSamples), raw.test.first(s.testSamples)};
    const TrainTestSplit data = standardisedPixels(subset);
    LognetCnnStudy study;
    TrainableNetwork trained = freshCnn(s);
    SgdParams sgd;
    sgd.learningRate = s.learningRate;
    sgd.momentum = 0.9;
    sgd.batch = 32;
    sgd.epochs = s.epochs;
    sgd.seed = s.seed;
    study.training = trainSgd(trained.net, data.train, sgd, {}, [&](int done, int total) {
        if (progress) progress(0.5 * done / total);  // training is about half the work
    });
    const Matrix floatScores = trained.net.scores(data.test.inputs, SequentialNet::ConvolutionChunk);
    study.floatTop1 = topKAccuracy(floatScores, data.test.labels, 1);
    study.floatTop5 = topKAccuracy(floatScores, data.test.labels, 5);

    const std::vector<ParamSlot> trainedParams = trained.net.params();
    double maxAbs = 0;
    for (const ParamSlot& p : trainedParams)
        if (isWeight(p)) {
            maxAbs = std::max(maxAbs, double(p.value->cwiseAbs().maxCoeff()));
            study.weights.insert(study.weights.end(), p.value->data(), p.value->data() + p.value->size());
        }
    study.maxAbsExponent = int(std::ceil(std::log2(maxAbs > 0 ? maxAbs : 1.0)));

    for (int bits : s.totalBits)
        for (QuantScheme scheme : {QuantScheme::Linear, QuantScheme::Log})
            for (int fsr = study.maxAbsExponent - FsrBelow; fsr <= study.maxAbsExponent + FsrAbove; ++fsr)
                study.sweep.push_back({bits, scheme, fsr, 0, 0});
    std::size_t finished = 0;
    std::mutex progressMutex;
    runIndexedJobs(study.sweep.size(), trainingThreads(), [&](std::size_t i) {
        LognetCnnRow& row = study.sweep[i];
        TrainableNetwork copy = freshCnn(s);  // each job its own layers: a forward pass keeps scratch in them
        const std::vector<ParamSlot> target = copy.net.params();
        const QuantGrid grid = powerOfTwoGrid(row.scheme, row.totalBits - 1, row.fsr);
        for (std::size_t k = 0; k < trainedParams.size(); ++k)
            *target[k].value = isWeight(trainedParams[k]) ? Matrix(trainedParams[k].value->unaryExpr([&](float w) { return quantize(w, grid); }))
                                                  : *trainedParams[k].value;
        const Matrix scores = copy.net.scores(data.test.inputs, SequentialNet::ConvolutionChunk);
        row.top1 = topKAccuracy(scores, data.test.labels, 1);
        row.top5 = topKAccuracy(scores, data.test.labels, 5);
        const std::lock_guard lock(progressMutex);
        if (progress) progress(0.5 + 0.5 * double(++finished) / double(study.sweep.size()));
    });
    for (const LognetCnnRow& row : study.sweep) {
        auto it = std::find_if(study.best.begin(), study.best.end(), [&](const LognetCnnRow& b) {
            return b.totalBits == row.totalBits && b.scheme == row.scheme;
        });
        if (it == study.best.end()) study.best.push_back(row);
        else if (std::tie(row.top1, row.top5, row.fsr) > std::tie(it->top1, it->top5, it->fsr)) *it = row;
    }
    return study;
}

}  // namespace dfl
