// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/sgd_trainer.h"

#include "core/training/seeded_random.h"
#include "core/training/softmax_cross_entropy.h"

#include <numeric>

namespace dfl {

void SgdOptimizer::step(const std::vector<ParamSlot>& slots) {
    if (velocity_.size() != slots.size()) {
        velocity_.clear();
        for (const ParamSlot& p : slots) velocity_.push_back(Matrix::Zero(p.value->rows(), p.value->cols()));
    }
    for (std::size_t i = 0; i < slots.size(); ++i) {
        velocity_[i] = float(params_.momentum) * velocity_[i] - float(learningRate_) * *slots[i].gradient;
        *slots[i].value += velocity_[i];
    }
}

double trainMiniBatch(SequentialNet& net, SgdOptimizer& optimizer, const Matrix& inputs, const std::vector<int>& labels) {
    const Matrix logits = net.forward(inputs, true);
    const LossAndGradient lg = softmaxCrossEntropy(logits, labels);
    net.backward(lg.gradient);
    optimizer.step(net.params());
    net.afterUpdate();
    return lg.loss;
}

std::vector<EpochReport> trainSgd(SequentialNet& net, const Dataset& train, const SgdParams& params,
                                  const std::function<bool(const EpochReport&)>& onEpoch,
                                  const std::function<void(int done, int total)>& onMiniBatch) {
    SgdOptimizer optimizer(params);
    SeededRandom random = SeededRandom::derived(params.seed, 0x56D);
    std::vector<int> order(std::size_t(train.size()));
    std::iota(order.begin(), order.end(), 0);
    std::vector<EpochReport> reports;
    Matrix batchInputs(train.features(), params.batch);
    std::vector<int> batchLabels;
    const int batchesPerEpoch = (train.size() + params.batch - 1) / params.batch;
    int batchesDone = 0;
    for (int epoch = 1; epoch <= params.epochs; ++epoch) {
        random.shuffle(order);
        double lossSum = 0;
        int batches = 0;
        for (int first = 0; first < train.size(); first += params.batch) {
            const int n = std::min(params.batch, train.size() - first);
            batchInputs.resize(train.features(), n);
            batchLabels.resize(std::size_t(n));
            for (int i = 0; i < n; ++i) {
                const int sample = order[std::size_t(first + i)];
                batchInputs.col(i) = train.inputs.col(sample);
                batchLabels[std::size_t(i)] = train.labels[std::size_t(sample)];
            }
            lossSum += trainMiniBatch(net, optimizer, batchInputs, batchLabels);
            ++batches;
            if (onMiniBatch) onMiniBatch(++batchesDone, batchesPerEpoch * params.epochs);
        }
        optimizer.endEpoch();
        reports.push_back({epoch, batches ? lossSum / batches : 0});
        if (onEpoch && !onEpoch(reports.back())) break;
    }
    return reports;
}

}  // namespace dfl
