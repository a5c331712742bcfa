// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ±1 vectors packed 64 to a word (+1 → bit 1): a dot product of n ±1 values is n − 2·popcount(w XOR x), the
// XNOR-popcount every BNN accelerator computes. Used by the binarised layer's forward pass (binary_layers.h), the
// folded network's hidden sums (folded_bnn.h: train and test accuracies, the TDNN's digital reference) and the TDNN
// module's packed network (core/tdnn/packed_bits.h).

#include <Eigen/Dense>

#include <cstdint>
#include <optional>
#include <vector>

namespace dfl {

struct PackedBits {
    std::vector<std::uint64_t> words;
    int size = 0;
};

PackedBits packPlusMinusOne(const float* values, int count);  // +1 (≥ 0) → 1, −1 → 0
int xnorPopcountDot(const PackedBits& a, const PackedBits& b);  // Σ a_k·b_k of the ±1 values

// sign(weights) (rows × k; ≥ 0 → +1, as signPlusMinusOne) times inputs (k × n) by XNOR-popcount, when every input is
// exactly +1 or −1; otherwise nothing. Then the product is an integer matrix, which a float matrix product also gives
// exactly in any summation order (every partial sum is an integer below 2^24): the same floats, a fraction of the work.
std::optional<Eigen::MatrixXf> xnorProduct(const Eigen::MatrixXf& weights, const Eigen::MatrixXf& inputs);

}  // namespace dfl
