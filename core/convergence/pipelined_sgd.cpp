// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/pipelined_sgd.h"

#include "core/training/softmax_cross_entropy.h"

#include <algorithm>
#include <stdexcept>

namespace dfl {

PipelinedSgd::PipelinedSgd(SequentialNet& net, SgdOptimizer& optimizer, std::vector<int> blockOfLayer, int stages,
                           bool weightStashing)
    : net_(net), optimizer_(optimizer), schedule_(stages), weightStashing_(weightStashing),
      blockSlots_(size_t(stages)), snapshots_(size_t(stages)), loaded_(size_t(stages), 0) {
    if (blockOfLayer.size() != net.layers().size()) throw std::invalid_argument("one block per training layer needed");
    for (size_t i = 0; i < blockOfLayer.size(); ++i) {
        const int block = blockOfLayer[i];
        if (block < 1 || block > stages || (i > 0 && block < blockOfLayer[i - 1]))
            throw std::invalid_argument("blocks must be contiguous and numbered 1..stages");
        for (const ParamSlot& p : net.layers()[i]->params()) blockSlots_[size_t(block - 1)].push_back(p);
    }
    for (int s = 1; s <= stages; ++s) remember(s);
}

PipelinedSgd::PipelinedSgd(SequentialNet& net, SgdOptimizer& optimizer, std::vector<int> blockOfLayer, WeightVersionPlan plan)
    : PipelinedSgd(net, optimizer, std::move(blockOfLayer), plan.stages, false) {
    if (plan.microBatchesPerUpdate < 1) throw std::invalid_argument("an update needs at least one micro-batch");
    plan_ = std::move(plan);
}

WeightVersions PipelinedSgd::versionsFor(std::int64_t miniBatch) const {
    WeightVersions v;
    if (plan_) {
        const std::int64_t group = (miniBatch - 1) / plan_->microBatchesPerUpdate + 1;
        for (int s = 1; s <= plan_->stages; ++s) {
            const auto& f = plan_->forward, &b = plan_->backward;
            const bool listed = !f.empty() && miniBatch <= std::int64_t(f[size_t(s - 1)].size());
            v.forward.push_back(listed ? f[size_t(s - 1)][size_t(miniBatch - 1)] : group - 1);
            v.backward.push_back(listed ? b[size_t(s - 1)][size_t(miniBatch - 1)] : group - 1);
        }
        return v;
    }
    for (int s = 1; s <= schedule_.stages(); ++s) {
        const std::int64_t forward = schedule_.updatesBeforeForward(miniBatch, s);
        v.forward.push_back(forward);
        v.backward.push_back(weightStashing_ ? forward : schedule_.updatesBeforeBackward(miniBatch, s));
    }
    return v;
}

double PipelinedSgd::trainMiniBatch(const Matrix& inputs, const std::vector<int>& labels) {
    const std::int64_t m = done_ + 1;
    const int stages = schedule_.stages();
    last_ = versionsFor(m);
    for (int s = 1; s <= stages; ++s) load(s, last_.forward[size_t(s - 1)]);
    const LossAndGradient lg = softmaxCrossEntropy(net_.forward(inputs, true), labels);
    for (int s = 1; s <= stages; ++s) load(s, last_.backward[size_t(s - 1)]);
    net_.backward(lg.gradient);
    done_ = m;
    // Under a plan, an update every G micro-batches with the mean of their gradients, summed in micro-batch order
    // (the order every stage of every schedule here runs its backward passes).
    const int group = plan_ ? plan_->microBatchesPerUpdate : 1;
    if (group > 1) {
        accumulate();
        if (m % group != 0) return lg.loss;
        const std::vector<ParamSlot> slots = net_.params();
        for (size_t i = 0; i < slots.size(); ++i) *slots[i].gradient = gradientSum_[i] / float(group);
        gradientSum_.clear();
    }
    // The update lands on the block's newest weights: every update before this one, whatever the passes read.
    for (int s = 1; s <= stages; ++s) load(s, updates_);
    optimizer_.step(net_.params());
    net_.afterUpdate();
    ++updates_;
    const WeightVersions next = versionsFor(m + 1);
    for (int s = 1; s <= stages; ++s) {
        loaded_[size_t(s - 1)] = updates_;
        remember(s);
        forget(s, std::min(next.forward[size_t(s - 1)], next.backward[size_t(s - 1)]));
    }
    return lg.loss;
}

void PipelinedSgd::accumulate() {
    const std::vector<ParamSlot> slots = net_.params();
    if (gradientSum_.empty()) {
        for (const ParamSlot& p : slots) gradientSum_.push_back(*p.gradient);
        return;
    }
    for (size_t i = 0; i < slots.size(); ++i) gradientSum_[i] += *slots[i].gradient;
}

void PipelinedSgd::restore(std::int64_t done, std::vector<std::deque<Snapshot>> snapshots) {
    if (snapshots.size() != snapshots_.size()) throw std::invalid_argument("checkpoint has a different block count");
    done_ = done;
    updates_ = done / (plan_ ? plan_->microBatchesPerUpdate : 1);
    gradientSum_.clear();
    snapshots_ = std::move(snapshots);
    std::fill(loaded_.begin(), loaded_.end(), updates_);
}

void PipelinedSgd::load(int block, std::int64_t version) {
    std::int64_t& loaded = loaded_[size_t(block - 1)];
    if (loaded == version) return;
    for (const Snapshot& snap : snapshots_[size_t(block - 1)])
        if (snap.version == version) {
            const std::vector<ParamSlot>& slots = blockSlots_[size_t(block - 1)];
            for (size_t i = 0; i < slots.size(); ++i) *slots[i].value = snap.values[i];
            loaded = version;
            return;
        }
    throw std::logic_error("weight version " + std::to_string(version) + " of block " + std::to_string(block) +
                           " is no longer kept");
}

void PipelinedSgd::remember(int block) {
    Snapshot snap{updates_, {}};
    for (const ParamSlot& p : blockSlots_[size_t(block - 1)]) snap.values.push_back(*p.value);
    snapshots_[size_t(block - 1)].push_back(std::move(snap));
}

void PipelinedSgd::forget(int block, std::int64_t oldestNeeded) {
    std::deque<Snapshot>& kept = snapshots_[size_t(block - 1)];
    while (kept.size() > 1 && kept.front().version < oldestNeeded) kept.pop_front();
}

}  // namespace dfl
