// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the race view draws at one cycle: the chosen neuron's chain (shared, immutable) and how far the edges
// have got. Cycle k = the edges have passed k stages; cycle N+1 = threshold offset applied, arbiter decided.

#include "core/sim/frame.h"
#include "core/tdnn/delay_chain.h"

#include <memory>
#include <string>
#include <vector>

namespace dfl {

struct RaceSetup {
    int neuron = 0, image = 0, chip = 0;
    DelayChainInput chain;          // weights, inputs, threshold, this chip's mismatch, jitter, arbiter offset
    std::vector<int> preEncoded;    // x'_k, −1 = the lines cross over after stage k
    int digitalSum = 0;             // Σ w_k·x_k (XNOR-popcount)
    int digitalDecision = 0;        // ±1
    std::vector<float> pixels;      // grey levels of the input image, row-major
    int imageSide = 28;
    int label = 0, digitalPrediction = 0, timeDomainPrediction = 0;  // classes on this chip with this variation
    std::vector<std::string> classNames;
    int stages() const { return int(chain.weights.size()); }
};

struct TdnnFrame : Frame {
    std::shared_ptr<const RaceSetup> setup;
    DelayChainState state;
    std::vector<double> topTimes, bottomTimes;  // arrival times after each stage passed so far (index 0 = start)
    double runningSum = 0;                      // Σ_{i≤k} (w_i + v_i)·x_i
};

}  // namespace dfl
