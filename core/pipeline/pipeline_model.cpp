// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_model.h"

#include "core/pipeline/pipeline_charts.h"
#include "core/pipeline/pipeline_report.h"
#include "core/sim/serialization.h"

#include <algorithm>
#include <stdexcept>

namespace dfl {

PipelineModel::PipelineModel(std::string scenarioName, std::shared_ptr<const PipelineLayout> layout)
    : scenarioName_(std::move(scenarioName)), layout_(std::move(layout)),
      schedule_(layout_->analysis->partition.stages(), layout_->miniBatches) {
    reset();
}

void PipelineModel::reset() {
    state_ = PipelineState{};
    state_.stages.resize(size_t(layout_->analysis->partition.stages()));
}

bool PipelineModel::done() const { return state_.stages.front().backwards >= layout_->miniBatches; }

void PipelineModel::forward(int stage, std::vector<PipelineStageState>& next) {
    PipelineStageState& s = state_.stages[size_t(stage - 1)];
    std::int64_t miniBatch = 0;
    if (stage == 1) {
        if (state_.entered < layout_->miniBatches) miniBatch = ++state_.entered;
    } else if (!s.activationInbox.empty()) {
        miniBatch = s.activationInbox.front();
        s.activationInbox.erase(s.activationInbox.begin());
    }
    if (miniBatch == 0) return;
    const std::int64_t now = state_.cycle + 1;
    s.forwardNow = miniBatch;
    s.heldMiniBatch.push_back(miniBatch);
    s.heldSince.push_back(now);
    ++s.forwards;
    if (stage == 1) state_.transfers.push_back({int(TransferKind::Input), 0, 1, miniBatch});
    if (stage < stages()) {
        next[size_t(stage)].activationInbox.push_back(miniBatch);
        state_.transfers.push_back({int(TransferKind::Activation), stage, stage + 1, miniBatch});
        ++state_.activationTransfers;
    } else {
        next[size_t(stage - 1)].gradientInbox.push_back(miniBatch);  // to the error calculation, next cycle
    }
}

void PipelineModel::backward(int stage, std::vector<PipelineStageState>& next) {
    PipelineStageState& s = state_.stages[size_t(stage - 1)];
    if (s.gradientInbox.empty()) return;
    const std::int64_t miniBatch = s.gradientInbox.front();
    s.gradientInbox.erase(s.gradientInbox.begin());
    const auto held = std::find(s.heldMiniBatch.begin(), s.heldMiniBatch.end(), miniBatch);
    if (held == s.heldMiniBatch.end()) throw std::logic_error("pipeline: gradient for a mini-batch the stage never held");
    const size_t index = size_t(held - s.heldMiniBatch.begin());
    const std::int64_t now = state_.cycle + 1;
    s.lastDelay = now - s.heldSince[index];  // the update of this cycle lands this many cycles after the forward
    s.heldMiniBatch.erase(held);
    s.heldSince.erase(s.heldSince.begin() + std::ptrdiff_t(index));
    s.backwardNow = miniBatch;
    ++s.backwards;
    if (stage > 1) {
        next[size_t(stage - 2)].gradientInbox.push_back(miniBatch);
        state_.transfers.push_back({int(TransferKind::Gradient), stage, stage - 1, miniBatch});
        ++state_.gradientTransfers;
    }
}

void PipelineModel::step() {
    if (done()) return;
    state_.transfers.clear();
    // Whatever is sent this cycle arrives at the start of the next one.
    std::vector<PipelineStageState> arrivals(state_.stages.size());
    for (int stage = 1; stage <= stages(); ++stage) {
        PipelineStageState& s = state_.stages[size_t(stage - 1)];
        s.forwardNow = s.backwardNow = 0;
        // The passes run in the schedule's one order (kIntraCycleOrder: backward, then forward). The peak counts the
        // new forward's activations before the old backward releases its own when the memory accounting says so.
        const std::int64_t heldBefore = std::int64_t(s.heldMiniBatch.size());
        if constexpr (kIntraCycleOrder == IntraCycleOrder::BackwardFirst) {
            backward(stage, arrivals);
            forward(stage, arrivals);
        } else {
            forward(stage, arrivals);
            backward(stage, arrivals);
        }
        const std::int64_t heldAfter = std::int64_t(s.heldMiniBatch.size());
        s.peakHeld = std::max({s.peakHeld, heldBefore, layout_->config.memory.forwardBeforeBackward ? heldBefore + (s.forwardNow ? 1 : 0) : heldAfter});
    }
    for (size_t i = 0; i < arrivals.size(); ++i) {
        auto& s = state_.stages[i];
        s.activationInbox.insert(s.activationInbox.end(), arrivals[i].activationInbox.begin(), arrivals[i].activationInbox.end());
        s.gradientInbox.insert(s.gradientInbox.end(), arrivals[i].gradientInbox.begin(), arrivals[i].gradientInbox.end());
    }
    ++state_.cycle;
}

void PipelineModel::skipFullCycles(std::int64_t count) {
    // In a full pipeline cycle T+k is cycle T with every mini-batch number and time stamp k larger.
    auto shift = [count](std::vector<std::int64_t>& values) {
        for (std::int64_t& v : values) v += count;
    };
    for (PipelineStageState& s : state_.stages) {
        shift(s.activationInbox);
        shift(s.gradientInbox);
        shift(s.heldMiniBatch);
        shift(s.heldSince);
        s.forwards += count;
        s.backwards += count;
        s.forwardNow += count;
        s.backwardNow += count;
    }
    for (PipelineTransferState& t : state_.transfers) t.miniBatch += count;
    state_.activationTransfers += count * (stages() - 1);
    state_.gradientTransfers += count * (stages() - 1);
    state_.entered += count;
    state_.cycle += count;
}

void PipelineModel::runUntil(std::int64_t target) {
    while (state_.cycle < target && !done()) {
        // Cycles firstFullCycle()..miniBatches are full: every stage forwards and back-propagates. The state after
        // a full cycle determines the following full ones.
        const std::int64_t lastFull = layout_->miniBatches;
        if (state_.cycle >= schedule_.firstFullCycle() && state_.cycle < lastFull) {
            skipFullCycles(std::min(target, lastFull) - state_.cycle);
            continue;
        }
        step();
    }
}

FramePtr PipelineModel::frame() const {
    auto f = std::make_shared<PipelineFrame>();
    f->cycle = state_.cycle;
    f->layout = layout_;
    const PipelineAnalysis& a = *layout_->analysis;
    for (const PipelineStageState& s : state_.stages) {
        StageActivity activity;
        activity.forwardMiniBatch = s.forwardNow;
        activity.backwardMiniBatch = s.backwardNow;
        activity.held = int(s.heldMiniBatch.size());
        activity.peakHeld = int(s.peakHeld);
        activity.lastDelay = s.lastDelay;
        f->stages.push_back(activity);
    }
    if (!f->stages.empty() && f->stages.back().backwardMiniBatch != 0) f->stages.back().errorCalculation = true;
    for (const PipelineTransferState& t : state_.transfers) {
        Transfer transfer{TransferKind(t.kind), t.from, t.to, t.miniBatch, 0};
        // Activations into stage S and gradients out of it have the size of the cut before S.
        const int cutStage = transfer.kind == TransferKind::Gradient ? t.from : t.to;
        transfer.megabytes = a.stages[size_t(cutStage - 1)].inputMb;
        f->transfers.push_back(transfer);
    }
    f->completedMiniBatches = state_.stages.front().backwards;
    // The layer-block timeline's cycle is the slowest stage's F + B + W + U (schedule_layer_block.h).
    double cycleTime = 0;
    for (const StageOpCosts& c : layout_->opCosts)
        cycleTime = std::max(cycleTime, c.forward + c.backward + c.weightGrad + c.update);
    f->scheduleTime = state_.cycle > 0 ? double(state_.cycle - 1) * cycleTime : 0;
    return f;
}

MetricsReport PipelineModel::metrics() const { return pipelineReport(scenarioName_, *layout_, &state_); }

std::vector<ChartSpec> PipelineModel::charts() const { return pipelineCharts(*layout_); }

std::string PipelineModel::saveState() const { return serializeToBytes(state_); }

void PipelineModel::loadState(const std::string& bytes) {
    PipelineState loaded;
    deserializeFromBytes(bytes, loaded);
    if (loaded.stages.size() != state_.stages.size()) throw std::invalid_argument("pipeline state for another stage count");
    state_ = std::move(loaded);
}

}  // namespace dfl
