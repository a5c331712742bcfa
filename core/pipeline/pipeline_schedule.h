// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The layer-block-wise pipeline's timetable (seed 001, "Process flow"), derived from its hand-off rules
// rather than from the published delay formula:
//   * mini-batch m (numbered from 1) enters stage 1 in cycle m (cycles numbered from 1);
//   * a stage runs at most one forward and one backward pass per cycle;
//   * every hand-off takes one cycle: activations from stage S to S+1, gradients from S+1 to S, and the last
//     stage's output to its own error calculation, which starts that stage's backward pass;
//   * a stage updates its single weight copy in the cycle of its backward pass.
// From these follow, for cycle T and stage S, which mini-batch's forward, backward and update run, and each
// stage's weight-update delay: the cycles between a mini-batch's forward pass and the update its gradients
// make at that stage (2P − 2S + 1 in the talk). The convergence module trains with stale weights from this
// same class, so it is the one definition of "which weights a mini-batch sees".

#include <cstdint>
#include <optional>
#include <vector>

namespace dfl {

// What a stage does first within one cycle, when it runs the forward pass of one mini-batch and the backward pass
// (with its weight update) of an older one.
enum class IntraCycleOrder {
    BackwardFirst,  // the backward pass and its update, then the new forward reads the updated weights
    ForwardFirst,   // the new forward reads the weights, then the older backward pass updates them
};

// The one order both the pipeline module (its timetable and animation) and the convergence module (which weight
// version a forward pass reads) follow. Decided from the talk's process flow: the weights are "updated with a latency
// of 2P − 2S + 1" cycles, and the layer-block-wise pipeline is an approximation of naive SGD. With the backward pass
// first, the update of mini-batch m is first read by the forward pass of m + 2P − 2S + 1 — exactly the published
// latency — and one stage (P = S = 1, latency 1) is naive SGD. Forward first would make the latency 2P − 2S + 2 and
// one stage a one-step-stale SGD. (Memory accounting may still count a new forward's activations before the old
// backward releases its own, as an upper bound: that is a question of buffers, not of which weights are read.)
inline constexpr IntraCycleOrder kIntraCycleOrder = IntraCycleOrder::BackwardFirst;

class PipelineSchedule {
public:
    static constexpr std::int64_t Unbounded = -1;

    // stages ≥ 1; miniBatches = how many enter (Unbounded: an endless stream, as in training).
    explicit PipelineSchedule(int stages, std::int64_t miniBatches = Unbounded);

    int stages() const { return stages_; }
    std::int64_t miniBatches() const { return miniBatches_; }

    // Stages are numbered 1..P and cycles from 1, as in the talk.
    std::int64_t forwardCycle(std::int64_t miniBatch, int stage) const;
    std::int64_t backwardCycle(std::int64_t miniBatch, int stage) const;  // the update runs in this cycle too
    std::optional<std::int64_t> forwardMiniBatch(std::int64_t cycle, int stage) const;   // empty: idle
    std::optional<std::int64_t> backwardMiniBatch(std::int64_t cycle, int stage) const;  // empty: idle
    bool errorCalculation(int stage) const { return stage == stages_; }  // the last stage starts the backward pass

    // Cycles from a mini-batch's forward pass at `stage` to the weight update its gradients make there.
    int weightUpdateDelay(int stage) const;
    // Weight updates stage `stage` has applied before the forward / the backward pass of `miniBatch` (the weight
    // version that pass reads). With kIntraCycleOrder a forward also reads the update of its own cycle's backward.
    std::int64_t updatesBeforeForward(std::int64_t miniBatch, int stage, IntraCycleOrder order = kIntraCycleOrder) const;
    std::int64_t updatesBeforeBackward(std::int64_t miniBatch, int stage) const;
    // The first mini-batch whose forward pass at `stage` reads the update of `miniBatch`: miniBatch + the latency
    // (2P − 2S + 1 in the talk with kIntraCycleOrder).
    std::int64_t firstReaderOfUpdate(std::int64_t miniBatch, int stage, IntraCycleOrder order = kIntraCycleOrder) const;
    // The most mini-batches whose activations stage `stage` holds at once (forwarded, not yet back-propagated),
    // counted over the timetable. forwardBeforeBackward: within a cycle the new forward runs before the old
    // backward has released its stash.
    int peakInFlight(int stage, bool forwardBeforeBackward) const;

    // Cycles until the last mini-batch's update at stage 1 (0 for an unbounded stream).
    std::int64_t totalCycles() const;
    // First cycle in which every stage runs both a forward and a backward pass (the pipeline is full).
    std::int64_t firstFullCycle() const;

private:
    bool exists(std::int64_t miniBatch) const {
        return miniBatch >= 1 && (miniBatches_ == Unbounded || miniBatch <= miniBatches_);
    }
    int stages_;
    std::int64_t miniBatches_;
    std::vector<std::int64_t> forwardOffset_;   // [stage − 1]: forwardCycle − miniBatch
    std::vector<std::int64_t> backwardOffset_;  // [stage − 1]: backwardCycle − miniBatch
};

}  // namespace dfl
