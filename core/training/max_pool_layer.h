// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Max pooling over K×K windows (stride, padding that never wins) on channel-major C×H×W columns, as ConvLayer
// writes them. The backward pass routes each gradient to the input that won its window in the forward pass.

#include "core/training/training_layer.h"

#include <vector>

namespace dfl {

struct PoolGeometry {
    int channels = 1, inHeight = 1, inWidth = 1;
    int kernelH = 2, kernelW = 2;
    int strideH = 2, strideW = 2;
    int padTop = 0, padLeft = 0;
    int outHeight = 1, outWidth = 1;  // given, so ceil-mode outputs (partial windows) work too

    // Floor-mode output size, no padding.
    static PoolGeometry make(int channels, int inHeight, int inWidth, int kernel, int stride);
};

class MaxPoolLayer final : public TrainingLayer {
public:
    MaxPoolLayer(std::string name, const PoolGeometry& geometry);
    std::string name() const override { return name_; }
    Matrix forward(Matrix input, bool training) override;
    Matrix backward(Matrix outputGradient) override;
    const PoolGeometry& geometry() const { return g_; }

private:
    std::string name_;
    PoolGeometry g_;
    Eigen::Index inputRows_ = 0;
    std::vector<int> winners_;  // per (sample, output element): the input row that won
};

}  // namespace dfl
