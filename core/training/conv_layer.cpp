// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/conv_layer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dfl {

ConvGeometry ConvGeometry::make(int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride,
                                int pad) {
    ConvGeometry g;
    g.inChannels = inChannels;
    g.inHeight = inHeight;
    g.inWidth = inWidth;
    g.outChannels = outChannels;
    g.kernelH = g.kernelW = kernel;
    g.strideH = g.strideW = stride;
    g.padTop = g.padLeft = pad;
    g.outHeight = (inHeight + 2 * pad - kernel) / stride + 1;
    g.outWidth = (inWidth + 2 * pad - kernel) / stride + 1;
    return g;
}

ConvLayer::ConvLayer(std::string name, const ConvGeometry& geometry, SeededRandom& random, bool bias)
    : weight(geometry.outChannels, geometry.patchSize()), bias(Matrix::Zero(geometry.outChannels, 1)),
      name_(std::move(name)), g_(geometry), hasBias_(bias) {
    if (g_.outHeight < 1 || g_.outWidth < 1 || g_.strideH < 1 || g_.strideW < 1)
        throw std::invalid_argument(name_ + ": convolution with no output");
    const double limit = std::sqrt(6.0 / g_.patchSize());  // He-uniform, as the dense layer
    for (Eigen::Index c = 0; c < weight.cols(); ++c)
        for (Eigen::Index r = 0; r < weight.rows(); ++r) weight(r, c) = float(random.uniform(-limit, limit));
}

namespace {

// Output columns [first, last) whose input column ox·stride − pad + kx lies inside the image: no per-pixel test.
std::pair<int, int> insideColumns(int outWidth, int inWidth, int stride, int pad, int kx) {
    auto firstAtLeast = [stride](int v) { return v <= 0 ? 0 : (v + stride - 1) / stride; };  // smallest ox with ox·stride ≥ v
    const int first = std::min(outWidth, firstAtLeast(pad - kx));
    const int last = std::clamp(firstAtLeast(inWidth + pad - kx), first, outWidth);
    return {first, last};
}

}  // namespace

void ConvLayer::im2col(const Matrix& input, Matrix& patches) const {
    const Eigen::Index samples = input.cols();
    const int positions = g_.outPositions();
    const int planeSize = g_.inHeight * g_.inWidth;
    patches.resize(samples * positions, g_.patchSize());
    // Column by column, so every write runs down contiguous memory.
    for (int c = 0; c < g_.inChannels; ++c)
        for (int ky = 0; ky < g_.kernelH; ++ky)
            for (int kx = 0; kx < g_.kernelW; ++kx) {
                float* out = patches.col((c * g_.kernelH + ky) * g_.kernelW + kx).data();
                const auto [first, last] = insideColumns(g_.outWidth, g_.inWidth, g_.strideW, g_.padLeft, kx);
                for (Eigen::Index n = 0; n < samples; ++n) {
                    const float* plane = input.col(n).data() + c * planeSize;
                    for (int oy = 0; oy < g_.outHeight; ++oy, out += g_.outWidth) {
                        const int iy = oy * g_.strideH - g_.padTop + ky;
                        if (iy < 0 || iy >= g_.inHeight) {
                            std::fill(out, out + g_.outWidth, 0.0f);
                            continue;
                        }
                        const float* row = plane + iy * g_.inWidth - g_.padLeft + kx;
                        std::fill(out, out + first, 0.0f);
                        if (g_.strideW == 1) std::copy(row + first, row + last, out + first);  // a plain copy
                        else
                            for (int ox = first; ox < last; ++ox) out[ox] = row[ox * g_.strideW];
                        std::fill(out + last, out + g_.outWidth, 0.0f);
                    }
                }
            }
}

Matrix ConvLayer::col2im(const Matrix& patchGradients, Eigen::Index samples) const {
    const int planeSize = g_.inHeight * g_.inWidth;
    Matrix input = Matrix::Zero(Eigen::Index(g_.inChannels) * planeSize, samples);
    for (int c = 0; c < g_.inChannels; ++c)
        for (int ky = 0; ky < g_.kernelH; ++ky)
            for (int kx = 0; kx < g_.kernelW; ++kx) {
                const float* in = patchGradients.col((c * g_.kernelH + ky) * g_.kernelW + kx).data();
                const auto [first, last] = insideColumns(g_.outWidth, g_.inWidth, g_.strideW, g_.padLeft, kx);
                for (Eigen::Index n = 0; n < samples; ++n) {
                    float* plane = input.col(n).data() + c * planeSize;
                    for (int oy = 0; oy < g_.outHeight; ++oy, in += g_.outWidth) {
                        const int iy = oy * g_.strideH - g_.padTop + ky;
                        if (iy < 0 || iy >= g_.inHeight) continue;
                        float* row = plane + iy * g_.inWidth - g_.padLeft + kx;
                        for (int ox = first; ox < last; ++ox) row[ox * g_.strideW] += in[ox];
                    }
                }
            }
    return input;
}

Matrix ConvLayer::forward(const Matrix& input, bool training) {
    if (input.rows() != Eigen::Index(g_.inChannels) * g_.inHeight * g_.inWidth)
        throw std::invalid_argument(name_ + ": input has the wrong number of features");
    Matrix& patches = training ? patches_ : evaluationPatches_;
    im2col(input, patches);
    // (sample·position) × outChannels; bias added per output channel.
    Matrix& products = products_;
    products.noalias() = patches * weight.transpose();
    if (hasBias_) products.rowwise() += bias.col(0).transpose();
    // Regroup so each sample's column is channel-major: rows of one sample are contiguous per channel.
    const int positions = g_.outPositions();
    const Eigen::Index samples = input.cols();
    Matrix out(Eigen::Index(g_.outChannels) * positions, samples);
    for (Eigen::Index n = 0; n < samples; ++n)
        for (int oc = 0; oc < g_.outChannels; ++oc)
            out.col(n).segment(Eigen::Index(oc) * positions, positions) = products.col(oc).segment(n * positions, positions);
    return out;
}

Matrix ConvLayer::backward(const Matrix& outputGradient) {
    const int positions = g_.outPositions();
    const Eigen::Index samples = outputGradient.cols();
    Matrix& grads = grads_;  // the layout of `products` in forward()
    grads.resize(samples * positions, g_.outChannels);
    for (Eigen::Index n = 0; n < samples; ++n)
        for (int oc = 0; oc < g_.outChannels; ++oc)
            grads.col(oc).segment(n * positions, positions) =
                outputGradient.col(n).segment(Eigen::Index(oc) * positions, positions);
    weightGrad_.noalias() = grads.transpose() * patches_;
    biasGrad_ = hasBias_ ? Matrix(grads.colwise().sum().transpose()) : Matrix::Zero(bias.rows(), 1);
    if (!inputGradientNeeded_) return Matrix(0, samples);
    return col2im(grads * weight, samples);
}

std::vector<ParamSlot> ConvLayer::params() {
    if (weightGrad_.size() == 0) {
        weightGrad_ = Matrix::Zero(weight.rows(), weight.cols());
        biasGrad_ = Matrix::Zero(bias.rows(), 1);
    }
    std::vector<ParamSlot> p{{name_ + ".weight", &weight, &weightGrad_}};
    if (hasBias_) p.push_back({name_ + ".bias", &bias, &biasGrad_});
    return p;
}

}  // namespace dfl
