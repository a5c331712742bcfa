// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_costs.h"

#include "core/pipeline/pipeline_schedule.h"

#include <algorithm>

namespace dfl {

namespace {

std::vector<std::int64_t> prefixSums(const std::vector<std::int64_t>& values) {
    std::vector<std::int64_t> prefix(values.size() + 1, 0);
    for (size_t i = 0; i < values.size(); ++i) prefix[i + 1] = prefix[i] + values[i];
    return prefix;
}

}  // namespace

PipelineCostModel::PipelineCostModel(std::shared_ptr<const Network> network, const PipelineConfig& config)
    : network_(std::move(network)), config_(config) {
    const Network& net = *network_;
    const int n = net.size();

    // Who reads whose output: the previous layer (or `from`) and, for a residual add, `addFrom`.
    // Producer −1 is the network input. A SCALE-Sim row reads its own (already padded) input size.
    std::vector<int> lastConsumer(size_t(n) + 1, -1);  // index producer + 1
    std::vector<std::int64_t> tensorValues(size_t(n) + 1, 0);
    std::vector<bool> readByWeights(size_t(n) + 1, false);
    tensorValues[0] = net.input().elements();
    for (int k = 0; k < n; ++k) tensorValues[size_t(k) + 1] = net.layer(k).output.elements();
    auto read = [&](int producer, int consumer) {
        const size_t p = size_t(producer + 1);
        lastConsumer[p] = std::max(lastConsumer[p], consumer);
        if (net.layer(consumer).explicitInput) tensorValues[p] = std::max(tensorValues[p], net.layer(consumer).input.elements());
        if (net.layer(consumer).hasWeights()) readByWeights[p] = true;
    };
    for (int k = 0; k < n; ++k) {
        const Layer& l = net.layer(k);
        read(l.from.empty() ? k - 1 : net.indexOf(l.from), k);
        if (l.type == LayerType::Add) read(net.indexOf(l.addFrom), k);
    }

    // A tensor produced before layer i and read at or after i crosses the cut before i.
    crossing_.assign(size_t(n), 0);
    for (int producer = -1; producer < n; ++producer)
        for (int cut = producer + 1; cut <= std::min(lastConsumer[size_t(producer + 1)], n - 1); ++cut)
            crossing_[size_t(cut)] += tensorValues[size_t(producer + 1)];

    std::vector<std::int64_t> fwd, bwd, bwdInput, bwdWeight, params, outputs, kept, works;
    for (int k = 0; k < n; ++k) {
        const Layer& l = net.layer(k);
        fwd.push_back(l.forwardMacs);
        // Nothing consumes the gradient with respect to the images, so the first layer skips it.
        bwd.push_back(k == 0 ? l.backwardWeightMacs : l.backwardMacs());
        bwdInput.push_back(k == 0 ? 0 : l.backwardInputMacs);
        bwdWeight.push_back(l.backwardWeightMacs);
        params.push_back(l.params);
        outputs.push_back(l.activationElements());
        const bool keep = config_.memory.stash == StashPolicy::AllOutputs || readByWeights[size_t(k) + 1];
        kept.push_back(keep ? l.activationElements() : 0);
        works.push_back(l.forwardMacs + l.backwardMacs() + l.params > 0 ? 1 : 0);
    }
    forwardMacs_ = prefixSums(fwd);
    backwardMacs_ = prefixSums(bwd);
    backwardInputMacs_ = prefixSums(bwdInput);
    backwardWeightMacs_ = prefixSums(bwdWeight);
    params_ = prefixSums(params);
    outputs_ = prefixSums(outputs);
    keptOutputs_ = prefixSums(kept);
    workLayers_ = prefixSums(works);

    const PipelineSchedule schedule(config_.stages);
    for (int s = 1; s <= config_.stages; ++s)
        inFlight_.push_back(schedule.peakInFlight(s, config_.memory.forwardBeforeBackward));
}

double PipelineCostModel::megabytes(std::int64_t valuesPerSample) const {
    return double(valuesPerSample) * config_.batch * config_.bytesPerValue / 1e6;
}

double PipelineCostModel::milliseconds(double macs) const { return macs / (config_.workerGmacsPerSecond * 1e9) * 1e3; }

double PipelineCostModel::stageTimeMs(int firstLayer, int lastLayer) const {
    const double perBatch = double(range(forwardMacs_, firstLayer, lastLayer) + range(backwardMacs_, firstLayer, lastLayer));
    return milliseconds(perBatch * config_.batch +
                        double(range(params_, firstLayer, lastLayer)) * config_.updateMacsPerWeight);
}

StageMemory PipelineCostModel::memory(int stage, int firstLayer, int lastLayer, int inFlight) const {
    (void)stage;
    const MemoryAssumptions& a = config_.memory;
    const double weightMb = double(range(params_, firstLayer, lastLayer)) * config_.bytesPerValue / 1e6;
    StageMemory m;
    m.weightsMb = weightMb;
    m.weightGradientsMb = a.weightGradients ? weightMb : 0;
    m.momentumMb = a.momentum ? weightMb : 0;
    const std::int64_t stageInput = a.stageInput ? crossing_[size_t(firstLayer)] : 0;
    m.stashPerMiniBatchMb = megabytes(range(keptOutputs_, firstLayer, lastLayer) + stageInput);
    m.inFlight = inFlight;
    m.stashMb = inFlight * m.stashPerMiniBatchMb;
    // Gradients of every output, plus of the stage input unless that is the images (nobody needs those).
    const std::int64_t inputGradient = firstLayer > 0 ? crossing_[size_t(firstLayer)] : 0;
    m.activationGradientsMb = a.activationGradients ? megabytes(range(outputs_, firstLayer, lastLayer) + inputGradient) : 0;
    return m;
}

double PipelineCostModel::stageMemoryMb(int stage, int firstLayer, int lastLayer) const {
    return memory(stage, firstLayer, lastLayer, inFlight(stage)).totalMb();
}

StageCost PipelineCostModel::stage(int stage, int firstLayer, int lastLayer) const {
    StageCost c;
    c.stage = stage;
    c.firstLayer = firstLayer;
    c.lastLayer = lastLayer;
    c.params = range(params_, firstLayer, lastLayer);
    c.forwardMacs = range(forwardMacs_, firstLayer, lastLayer) * config_.batch;
    c.backwardMacs = range(backwardMacs_, firstLayer, lastLayer) * config_.batch;
    c.forwardMs = milliseconds(double(c.forwardMacs));
    c.backwardMs = milliseconds(double(c.backwardMacs));
    c.updateMs = milliseconds(double(c.params) * config_.updateMacsPerWeight);
    c.backwardInputMs = milliseconds(double(range(backwardInputMacs_, firstLayer, lastLayer) * config_.batch));
    c.backwardWeightMs = milliseconds(double(range(backwardWeightMacs_, firstLayer, lastLayer) * config_.batch));
    c.memory = memory(stage, firstLayer, lastLayer, inFlight(stage));
    c.inputMb = cutMb(firstLayer);
    c.boundaryMb = lastLayer + 1 < network_->size() ? cutMb(lastLayer + 1) : 0;
    return c;
}

DataParallelCost PipelineCostModel::dataParallel() const {
    DataParallelCost dp;
    dp.workers = config_.workers;
    dp.weightsMb = double(network_->totalParams()) * config_.bytesPerValue / 1e6;
    dp.trafficMbPerBatch = 2.0 * dp.workers * dp.weightsMb;
    // A worker runs forward then backward on its own mini-batch: exactly one in flight. It sends dW and receives
    // W; the server applies the update, so the momentum lives there.
    dp.worker = memory(1, 0, network_->size() - 1, 1);
    dp.worker.momentumMb = 0;
    dp.serverMb = (config_.memory.serverWeights ? dp.weightsMb : 0) + (config_.memory.momentum ? dp.weightsMb : 0);
    return dp;
}

}  // namespace dfl
