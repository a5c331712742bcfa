// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The digital reference of a binarised network, evaluated with XNOR-popcount only (core/training/plus_minus_one_bits.h).

#include "core/training/folded_bnn.h"
#include "core/training/plus_minus_one_bits.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace dfl {

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
