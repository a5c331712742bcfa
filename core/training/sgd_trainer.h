// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Mini-batch SGD with momentum (v ← μ·v − η·g; w ← w + v), reshuffling the training set every epoch from the
// seeded generator, so the same seed gives the same network bit for bit.

#include "core/training/dataset.h"
#include "core/training/sequential_net.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace dfl {

struct SgdParams {
    double learningRate = 0.05;
    double momentum = 0.9;
    double learningRateDecay = 1.0;  // multiplies the learning rate after each epoch
    int batch = 100;
    int epochs = 1;
    std::uint64_t seed = 1;
};

class SgdOptimizer {
public:
    explicit SgdOptimizer(const SgdParams& params) : params_(params), learningRate_(params.learningRate) {}
    void step(const std::vector<ParamSlot>& slots);  // one update from the gradients backward() left
    void endEpoch() { learningRate_ *= params_.learningRateDecay; }
    double learningRate() const { return learningRate_; }
    // The momentum buffers (one per slot, empty before the first step): models that checkpoint training save them.
    std::vector<Matrix>& velocity() { return velocity_; }

private:
    SgdParams params_;
    double learningRate_;
    std::vector<Matrix> velocity_;
};

// forward, loss, backward and one optimiser step on one mini-batch; returns the batch's mean loss.
double trainMiniBatch(SequentialNet& net, SgdOptimizer& optimizer, const Matrix& inputs, const std::vector<int>& labels);

struct EpochReport {
    int epoch = 0;         // 1-based
    double trainLoss = 0;  // mean over the epoch's mini-batches
};

// Trains for params.epochs; `onEpoch` may return false to stop early (a cancel button). `onMiniBatch(done, total)`
// follows every mini-batch of the whole run (a progress bar; it may throw to abandon the training).
std::vector<EpochReport> trainSgd(SequentialNet& net, const Dataset& train, const SgdParams& params,
                                  const std::function<bool(const EpochReport&)>& onEpoch = {},
                                  const std::function<void(int done, int total)>& onMiniBatch = {});

}  // namespace dfl
