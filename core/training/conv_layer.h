// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// 2-D convolution (one group, stride, zero padding) as im2col + one Eigen matrix product for the whole batch.
// Each column of the input is one sample's C×H×W feature map flattened channel-major (c·H·W + y·W + x), and the
// output is written the same way, so convolutions, pooling and dense layers chain with no reshaping layer.
//
// Stride 1 (every convolution of the convergence CNN) skips im2col: each sample's channels are copied once into
// zero-padded planes and the layer correlates them directly (direct_correlation.h), computing whole padded rows
// (outWidth + kernel − 1 wide) and discarding the last kernel − 1 positions of each. For 8 or 16 channels this is
// several times faster than im2col + a matrix product, whose copies and packing cost more than its multiply-adds.

#include "core/training/seeded_random.h"
#include "core/training/training_layer.h"

#include <algorithm>
#include <vector>

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
    Matrix forward(Matrix input, bool training) override;
    Matrix backward(Matrix outputGradient) override;
    std::vector<ParamSlot> params() override;

    const ConvGeometry& geometry() const { return g_; }
    Matrix weight, bias;  // outChannels × patchSize, outChannels × 1

private:
    // Rows: (sample, output position); columns: (channel, ky, kx). Padding reads as zero.
    // Written into `patches` (reused across mini-batches: no large allocation per step).
    void im2col(const Matrix& input, Matrix& patches) const;
    Matrix col2im(const Matrix& patchGradients, Eigen::Index samples) const;
    // The direct (stride-1) path and its layout: padded planes of paddedWidth() × paddedHeight() + slack floats.
    bool direct() const { return g_.strideH == 1 && g_.strideW == 1; }
    int paddedWidth() const { return g_.outWidth + g_.kernelW - 1; }
    int paddedHeight() const { return g_.outHeight + g_.kernelH - 1; }
    Eigen::Index paddedPlane() const;
    Eigen::Index paddedInterior() const { return Eigen::Index(g_.padTop) * paddedWidth() + g_.padLeft; }  // pixel (0, 0)
    // The input rows and columns some output reads (none right of or below the last window): copied, and given a
    // gradient; the rest of the input gradient is zero.
    int paddedRows() const { return std::min(g_.inHeight, paddedHeight() - g_.padTop); }
    int paddedCols() const { return std::min(g_.inWidth, paddedWidth() - g_.padLeft); }
    Eigen::Index wideLength() const { return Eigen::Index(g_.outHeight) * paddedWidth(); }  // one output channel
    void padInto(const Matrix& input, std::vector<float>& padded) const;
    Matrix directForward(const Matrix& input, bool training);
    Matrix directBackward(const Matrix& outputGradient);

    std::string name_;
    ConvGeometry g_;
    bool hasBias_;
    Matrix patches_;  // the forward pass's im2col, kept for the weight gradient
    Matrix evaluationPatches_;  // an evaluation's im2col (tens of MB for 500 images): reused, not reallocated
    Matrix products_, grads_;  // scratch, kept to avoid reallocating per mini-batch
    // The direct path's buffers: padded inputs of a training and an evaluation batch (borders written once, as
    // zeros), one sample's wide output, the output gradient with its leading zeros, the input gradient's planes.
    std::vector<float> padded_, evaluationPadded_, wideOut_, paddedGradient_, inputGradientPlanes_;
    std::vector<int> offsets_, backwardOffsets_;  // per tap (ky, kx): ky · paddedWidth + kx, and mirrored
    std::vector<float> backwardWeights_;          // [(oc · taps + t) · inChannels + c]
    Matrix weightGrad_, biasGrad_;
};

}  // namespace dfl
