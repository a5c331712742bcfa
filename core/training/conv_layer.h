// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// 2-D convolution (one group, stride, zero padding) as im2col + one Eigen matrix product for the whole batch.
// Each column of the input is one sample's C×H×W feature map flattened channel-major (c·H·W + y·W + x), and the
// output is written the same way, so convolutions, pooling and dense layers chain with no reshaping layer.

#include "core/training/seeded_random.h"
#include "core/training/training_layer.h"

namespace dfl {

struct ConvGeometry {
    int inChannels = 1, inHeight = 1, inWidth = 1;
    int outChannels = 1;
    int kernelH = 1, kernelW = 1;
    int strideH = 1, strideW = 1;
    int padTop = 0, padLeft = 0;  // bottom/right padding is implied by the output size
    int outHeight = 1, outWidth = 1;

    // Output size without ceil mode: (H + padTop + padBottom − K) / S + 1.
    static ConvGeometry make(int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride,
                             int pad);
    int patchSize() const { return inChannels * kernelH * kernelW; }
    int outPositions() const { return outHeight * outWidth; }
};

class ConvLayer final : public TrainingLayer {
public:
    // Weights He-uniform over the patch (fan-in C·K·K), biases zero.
    ConvLayer(std::string name, const ConvGeometry& geometry, SeededRandom& random, bool bias = true);
    std::string name() const override { return name_; }
    Matrix forward(const Matrix& input, bool training) override;
    Matrix backward(const Matrix& outputGradient) override;
    std::vector<ParamSlot> params() override;

    const ConvGeometry& geometry() const { return g_; }
    // The first layer's input gradient (with respect to the images) feeds nothing: skipping it saves a matrix product
    // and a col2im per mini-batch. backward() then returns an empty matrix.
    void setInputGradientNeeded(bool needed) { inputGradientNeeded_ = needed; }
    Matrix weight, bias;  // outChannels × patchSize, outChannels × 1

private:
    // Rows: (sample, output position); columns: (channel, ky, kx). Padding reads as zero.
    // Written into `patches` (reused across mini-batches: no large allocation per step).
    void im2col(const Matrix& input, Matrix& patches) const;
    Matrix col2im(const Matrix& patchGradients, Eigen::Index samples) const;

    std::string name_;
    ConvGeometry g_;
    bool hasBias_;
    bool inputGradientNeeded_ = true;
    Matrix patches_;  // the forward pass's im2col, kept for the weight gradient
    Matrix evaluationPatches_;  // an evaluation's im2col (tens of MB for 500 images): reused, not reallocated
    Matrix products_, grads_;  // scratch, kept to avoid reallocating per mini-batch
    Matrix weightGrad_, biasGrad_;
};

}  // namespace dfl
