// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The digital reference of a binarised neuron: ±1 vectors packed 64 to a word (+1 → bit 1), so a dot product
// of n ±1 values is n − 2·popcount(w XOR x) — the XNOR-popcount every BNN accelerator computes.

#include "core/training/folded_bnn.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace dfl {

struct PackedBits {
    std::vector<std::uint64_t> words;
    int size = 0;
};

PackedBits packPlusMinusOne(const float* values, int count);  // +1 (≥ 0) → 1, −1 → 0
int xnorPopcountDot(const PackedBits& a, const PackedBits& b);  // Σ a_k·b_k of the ±1 values

// A folded network with every weight row packed; evaluates sample by sample with XNOR-popcount only.
class PackedBnn {
public:
    explicit PackedBnn(const FoldedBnn& bnn);
    // Integer sums of every layer for one ±1 input: sums[l] for hidden layer l, sums.back() for the output layer.
    std::vector<std::vector<int>> sums(const PackedBits& input) const;
    int predict(const PackedBits& input) const;

private:
    struct Layer {
        std::vector<PackedBits> rows;
        std::vector<int> thresholds;
    };
    std::vector<Layer> hidden_;
    std::vector<PackedBits> outputRows_;
    Eigen::VectorXd scale_, offset_;
};

}  // namespace dfl
