// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One time-domain neuron (Toshiba TDNN, A-SSCC 2016): a pulse edge races down two delay lines through N stages.
// Stage k delays one line by an extra Δ chosen by its weight (w_k = +1: the bottom line, so the top edge gains
// Δ; w_k = −1: the top line), then crosses the two lines over when its pre-encoded input x'_k = x_k·x_{k+1}
// (XOR of neighbouring input bits; x_{N+1} = +1) is −1. With D = t_bottom − t_top the lead of the top edge:
//     D_k = x'_k · (D_{k−1} + w_k·Δ)   ⇒   D_N = Δ · Σ_k w_k·x_k
// — the talk's identity (W1·X1' + W2)·X2' = W1·X1'·X2' + W2·X2' applied N times. After the chain an offset
// delay of (T − ½)·Δ realises the neuron's integer threshold T, and the arbiter (a flip-flop) outputs +1 when
// the top edge still leads by more than its own offset. Variation, in units of Δ, adds to each stage's
// difference before its crossover, so it reaches the arbiter as Σ_k v_k·x_k.

#include <cstdint>
#include <vector>

namespace dfl {

// What one chain evaluates: the neuron's folded ±1 weights and threshold, the ±1 input, and this chip's
// non-idealities.
struct DelayChainInput {
    std::vector<int> weights;          // w_k, ±1
    std::vector<int> inputs;           // x_k, ±1
    int threshold = 0;                 // T: fire iff Σ w_k·x_k ≥ T
    std::vector<double> mismatch;      // static per-stage delay-difference error (Δ); empty = none
    double jitterSigma = 0;            // per stage, per evaluation (Δ)
    double arbiterOffset = 0;          // the arbiter's input offset (Δ): needs D' > offset to output +1
    std::uint64_t jitterSeed = 0;      // jitter of stage k comes from stream (jitterSeed, k): replayable
    double baseDelay = 1.0;            // delay of a stage's fast path (Δ); only absolute times depend on it
};

std::vector<int> preEncodedInputs(const std::vector<int>& inputs);  // x'_k = x_k·x_{k+1}, x_{N+1} = +1
double stageJitter(const DelayChainInput& in, int stage);            // the jitter stage `stage` (1-based) adds

struct DelayChainState {
    int stage = 0;              // stages passed (0..N); N+1 once the offset and arbiter have acted
    double topTime = 0, bottomTime = 0;  // arrival times of the two edges at the current point (Δ)
    bool decided = false;
    int decision = 0;           // ±1 once decided
    template <class Archive> void serialize(Archive& ar, unsigned) { ar & stage & topTime & bottomTime & decided & decision; }
};

// Advances one stage (or, after the last stage, applies the threshold offset and the arbiter).
void stepDelayChain(const DelayChainInput& in, DelayChainState& state);
// Runs the whole chain; returns the final state.
DelayChainState runDelayChain(const DelayChainInput& in);

// Closed form of the arrival difference at the arbiter input (before the threshold offset), Δ units:
//   Σ_k (w_k + mismatch_k + jitter_k)·x_k
double closedFormDifference(const DelayChainInput& in, bool withJitter = true);
// The running sum the lines carry after `stage` stages: x_{k+1}·D_k = Σ_{i≤k} (w_i + v_i)·x_i.
double runningSum(const DelayChainInput& in, const DelayChainState& state);

}  // namespace dfl
