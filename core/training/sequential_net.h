// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A chain of training layers: forward through all, backward through all in reverse.

#include "core/training/dataset.h"
#include "core/training/training_layer.h"

#include <vector>

namespace dfl {

class SequentialNet {
public:
    TrainingLayer& add(LayerPtr layer);
    Matrix forward(const Matrix& input, bool training);
    void backward(const Matrix& lossGradient);  // after forward(…, true) on the same batch
    std::vector<ParamSlot> params();
    void afterUpdate();
    const std::vector<LayerPtr>& layers() const { return layers_; }

    // Class scores for all samples, evaluated in chunks so memory stays small.
    Matrix scores(const Matrix& inputs, int chunk = 2000);
    // The chunk for a network with convolutions: 32 images keep each im2col within the caches, where 500 images' took
    // tens of megabytes (bench_training_kernels evaluation, one core: 53 ms per 1000 images at 32, 68 ms at 500).
    static constexpr int ConvolutionChunk = 32;
    std::vector<int> predict(const Matrix& inputs);
    double accuracy(const Dataset& data);  // fraction correct in [0, 1]

private:
    std::vector<LayerPtr> layers_;
};

double fractionCorrect(const std::vector<int>& predictions, const std::vector<int>& labels);

}  // namespace dfl
