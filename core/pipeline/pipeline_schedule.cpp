// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_schedule.h"

#include <algorithm>
#include <stdexcept>

namespace dfl {

namespace {
constexpr std::int64_t HandOffCycles = 1;  // one cycle per transfer between neighbours (and to the error calculation)
}

PipelineSchedule::PipelineSchedule(int stages, std::int64_t miniBatches)
    : stages_(stages), miniBatches_(miniBatches), forwardOffset_(size_t(std::max(stages, 0))),
      backwardOffset_(size_t(std::max(stages, 0))) {
    if (stages < 1) throw std::invalid_argument("a pipeline needs at least one stage");
    if (miniBatches != Unbounded && miniBatches < 0) throw std::invalid_argument("negative mini-batch count");
    // Walk the hand-off rules: down the stages for the forward pass, through the error calculation, back up.
    forwardOffset_[0] = 0;  // mini-batch m enters stage 1 in cycle m
    for (int s = 1; s < stages; ++s) forwardOffset_[size_t(s)] = forwardOffset_[size_t(s - 1)] + HandOffCycles;
    backwardOffset_[size_t(stages - 1)] = forwardOffset_[size_t(stages - 1)] + HandOffCycles;
    for (int s = stages - 2; s >= 0; --s) backwardOffset_[size_t(s)] = backwardOffset_[size_t(s + 1)] + HandOffCycles;
}

std::int64_t PipelineSchedule::forwardCycle(std::int64_t miniBatch, int stage) const {
    return miniBatch + forwardOffset_.at(size_t(stage - 1));
}

std::int64_t PipelineSchedule::backwardCycle(std::int64_t miniBatch, int stage) const {
    return miniBatch + backwardOffset_.at(size_t(stage - 1));
}

std::optional<std::int64_t> PipelineSchedule::forwardMiniBatch(std::int64_t cycle, int stage) const {
    const std::int64_t m = cycle - forwardOffset_.at(size_t(stage - 1));
    return exists(m) ? std::optional(m) : std::nullopt;
}

std::optional<std::int64_t> PipelineSchedule::backwardMiniBatch(std::int64_t cycle, int stage) const {
    const std::int64_t m = cycle - backwardOffset_.at(size_t(stage - 1));
    return exists(m) ? std::optional(m) : std::nullopt;
}

int PipelineSchedule::weightUpdateDelay(int stage) const {
    return int(backwardCycle(1, stage) - forwardCycle(1, stage));
}

std::int64_t PipelineSchedule::updatesBeforeForward(std::int64_t miniBatch, int stage, IntraCycleOrder order) const {
    // Updates by mini-batches k whose backward cycle ends before this forward runs: at or before its cycle when the
    // backward pass runs first within a cycle, strictly before otherwise.
    const std::int64_t sameCycle = order == IntraCycleOrder::BackwardFirst ? 0 : 1;
    const std::int64_t lastUpdater = forwardCycle(miniBatch, stage) - sameCycle - backwardOffset_.at(size_t(stage - 1));
    std::int64_t count = std::max<std::int64_t>(0, lastUpdater);
    if (miniBatches_ != Unbounded) count = std::min(count, miniBatches_);
    return count;
}

std::int64_t PipelineSchedule::firstReaderOfUpdate(std::int64_t miniBatch, int stage, IntraCycleOrder order) const {
    std::int64_t reader = miniBatch + 1;
    while (updatesBeforeForward(reader, stage, order) < miniBatch) ++reader;  // at most 2P steps
    return reader;
}

std::int64_t PipelineSchedule::updatesBeforeBackward(std::int64_t miniBatch, int stage) const {
    (void)stage;  // every stage back-propagates mini-batches in order, one per cycle
    std::int64_t count = std::max<std::int64_t>(0, miniBatch - 1);
    if (miniBatches_ != Unbounded) count = std::min(count, miniBatches_);
    return count;
}

int PipelineSchedule::peakInFlight(int stage, bool forwardBeforeBackward) const {
    // Count held mini-batches cycle by cycle over a window long enough to reach the steady state.
    const std::int64_t horizon =
        miniBatches_ == Unbounded ? backwardCycle(1, 1) + 2 : std::max<std::int64_t>(totalCycles(), 1);
    int peak = 0;
    for (std::int64_t t = 1; t <= horizon; ++t) {
        int held = 0;  // forwarded before this cycle, not yet back-propagated
        for (std::int64_t m = std::max<std::int64_t>(1, t - backwardOffset_[size_t(stage - 1)]); m <= t; ++m)
            if (exists(m) && forwardCycle(m, stage) < t && backwardCycle(m, stage) >= t) ++held;
        const bool forwardNow = forwardMiniBatch(t, stage).has_value();
        const bool backwardNow = backwardMiniBatch(t, stage).has_value();
        const int during = forwardBeforeBackward ? held + (forwardNow ? 1 : 0)
                                                 : held - (backwardNow ? 1 : 0) + (forwardNow ? 1 : 0);
        peak = std::max({peak, held, during});
    }
    return peak;
}

std::int64_t PipelineSchedule::totalCycles() const {
    if (miniBatches_ == Unbounded || miniBatches_ == 0) return 0;
    return backwardCycle(miniBatches_, 1);
}

std::int64_t PipelineSchedule::firstFullCycle() const { return backwardCycle(1, 1); }

}  // namespace dfl
