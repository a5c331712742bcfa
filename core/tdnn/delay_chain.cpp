// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/delay_chain.h"

#include "core/training/seeded_random.h"

#include <utility>

namespace dfl {

std::vector<int> preEncodedInputs(const std::vector<int>& inputs) {
    std::vector<int> encoded(inputs.size());
    for (std::size_t k = 0; k < inputs.size(); ++k) encoded[k] = inputs[k] * (k + 1 < inputs.size() ? inputs[k + 1] : 1);
    return encoded;
}

double stageJitter(const DelayChainInput& in, int stage) {
    if (in.jitterSigma == 0) return 0;
    return in.jitterSigma * SeededRandom::derived(in.jitterSeed, std::uint64_t(stage)).normal();
}

void stepDelayChain(const DelayChainInput& in, DelayChainState& s) {
    const int n = int(in.weights.size());
    if (s.decided) return;
    if (s.stage < n) {
        const int k = s.stage;  // 0-based index of the stage the edges enter
        const double variation = (in.mismatch.empty() ? 0.0 : in.mismatch[std::size_t(k)]) + stageJitter(in, k + 1);
        // The weight picks which line takes the slow path; variation lands on the bottom line.
        s.topTime += in.baseDelay + (in.weights[std::size_t(k)] < 0 ? 1.0 : 0.0);
        s.bottomTime += in.baseDelay + (in.weights[std::size_t(k)] > 0 ? 1.0 : 0.0) + variation;
        const int next = k + 1 < n ? in.inputs[std::size_t(k + 1)] : 1;
        if (in.inputs[std::size_t(k)] * next < 0) std::swap(s.topTime, s.bottomTime);  // crossover
        ++s.stage;
        return;
    }
    // Threshold: delay the top edge by (T − ½)Δ (or the bottom one when negative); then the arbiter.
    const double offset = in.threshold - 0.5;
    if (offset > 0) s.topTime += offset;
    else s.bottomTime -= offset;
    s.decision = (s.bottomTime - s.topTime) > in.arbiterOffset ? 1 : -1;
    s.decided = true;
    s.stage = n + 1;
}

DelayChainState runDelayChain(const DelayChainInput& in) {
    DelayChainState s;
    while (!s.decided) stepDelayChain(in, s);
    return s;
}

double closedFormDifference(const DelayChainInput& in, bool withJitter) {
    double d = 0;
    for (std::size_t k = 0; k < in.weights.size(); ++k) {
        const double v = (in.mismatch.empty() ? 0.0 : in.mismatch[k]) + (withJitter ? stageJitter(in, int(k) + 1) : 0.0);
        d += (in.weights[k] + v) * in.inputs[k];
    }
    return d;
}

double runningSum(const DelayChainInput& in, const DelayChainState& s) {
    const int n = int(in.weights.size());
    const int k = std::min(s.stage, n);
    const int next = k < n ? in.inputs[std::size_t(k)] : 1;
    double d = s.bottomTime - s.topTime;
    if (s.decided) d += in.threshold - 0.5;  // undo the offset so this stays the sum
    return next * d;
}

}  // namespace dfl
