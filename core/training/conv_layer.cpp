// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/conv_layer.h"

#include "core/training/direct_correlation.h"
#include "core/training/vector_lanes.h"

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
    if (!direct()) return;
    // Tap (ky, kx) reads the padded plane ky rows and kx columns further on; the input gradient reads the output
    // gradient, stored after `lead` zeros, at the mirrored offsets.
    for (int ky = 0; ky < g_.kernelH; ++ky)
        for (int kx = 0; kx < g_.kernelW; ++kx) offsets_.push_back(ky * paddedWidth() + kx);
    for (int offset : offsets_) backwardOffsets_.push_back(offsets_.back() - offset);
}

namespace {

// `rows` rows of `cols` floats from one pitch to another: between a compact plane and a padded or wide one. The rows
// are short (7 to 30 floats here), so four floats at a time inline: std::copy called memmove once per row, and the
// calls cost more than the bytes (7 % of the convergence demo).
void copyRows(const float* from, Eigen::Index fromPitch, float* to, Eigen::Index toPitch, int rows, int cols) {
    using namespace lanes;
    for (int y = 0; y < rows; ++y, from += fromPitch, to += toPitch) {
        int x = 0;
        for (; x + 4 <= cols; x += 4) store(to + x, load<Vec4>(from + x));
        for (; x < cols; ++x) to[x] = from[x];
    }
}

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

Eigen::Index ConvLayer::paddedPlane() const {
    // Reads reach kernelW − 1 floats past the padded rows plus a partial vector (direct_correlation.h).
    return Eigen::Index(paddedHeight()) * paddedWidth() + (g_.kernelW - 1) + CorrelationSlack;
}

void ConvLayer::padInto(const Matrix& input, std::vector<float>& padded) const {
    const Eigen::Index samples = input.cols(), plane = paddedPlane();
    const std::size_t size = std::size_t(samples * g_.inChannels * plane);
    // The layout per sample does not depend on the batch size, so a buffer grown for a larger batch serves a smaller
    // one; the borders and slack are written only here, as zeros.
    if (padded.size() < size) padded.assign(size, 0.0f);
    for (Eigen::Index n = 0; n < samples; ++n)
        for (int c = 0; c < g_.inChannels; ++c)
            copyRows(input.col(n).data() + Eigen::Index(c) * g_.inHeight * g_.inWidth, g_.inWidth,
                     padded.data() + (n * g_.inChannels + c) * plane + paddedInterior(), paddedWidth(), paddedRows(),
                     paddedCols());
}

Matrix ConvLayer::directForward(const Matrix& input, bool training) {
    const int taps = g_.kernelH * g_.kernelW;
    std::vector<float>& padded = training ? padded_ : evaluationPadded_;
    padInto(input, padded);
    const Eigen::Index samples = input.cols(), plane = paddedPlane(), length = wideLength();
    const Eigen::Index wideStride = length + CorrelationSlack;
    wideOut_.resize(std::size_t(g_.outChannels * wideStride));
    const int positions = g_.outPositions();
    Matrix out(Eigen::Index(g_.outChannels) * positions, samples);
    // One sample at a time, so its planes and wide output stay in the first-level cache. The weight matrix
    // (outChannels × (c, ky, kx), column-major) is already in the order correlate() reads: [(c·taps + t)·outs + oc].
    for (Eigen::Index n = 0; n < samples; ++n) {
        correlate(padded.data() + n * g_.inChannels * plane, g_.inChannels, plane, offsets_.data(), taps, weight.data(),
                  hasBias_ ? bias.data() : nullptr, g_.outChannels, wideOut_.data(), wideStride, length);
        for (int oc = 0; oc < g_.outChannels; ++oc)
            copyRows(wideOut_.data() + oc * wideStride, paddedWidth(), out.col(n).data() + Eigen::Index(oc) * positions,
                     g_.outWidth, g_.outHeight, g_.outWidth);
    }
    return out;
}

Matrix ConvLayer::directBackward(const Matrix& outputGradient) {
    const int taps = g_.kernelH * g_.kernelW, width = paddedWidth(), positions = g_.outPositions();
    const Eigen::Index samples = outputGradient.cols(), plane = paddedPlane(), length = wideLength();
    const Eigen::Index planeArea = Eigen::Index(paddedHeight()) * width;
    // The output gradient of one sample in the wide layout, after `lead` zeros so that the input gradient reads it at
    // non-negative offsets (lead − offset); zero at the discarded positions and after the end.
    const Eigen::Index lead = offsets_.back();
    const Eigen::Index gradientStride = lead + planeArea + CorrelationSlack;
    const Eigen::Index gradientSample = g_.outChannels * gradientStride;
    const std::size_t gradientSize = std::size_t(samples * gradientSample);
    if (paddedGradient_.size() < gradientSize) paddedGradient_.assign(gradientSize, 0.0f);  // zeros stay where not written
    backwardWeights_.resize(std::size_t(g_.outChannels) * taps * g_.inChannels);
    for (int oc = 0; oc < g_.outChannels; ++oc)
        for (int c = 0; c < g_.inChannels; ++c)
            for (int t = 0; t < taps; ++t)
                backwardWeights_[(std::size_t(oc) * taps + t) * g_.inChannels + c] = weight(oc, c * taps + t);
    biasGrad_.setZero(bias.rows(), 1);
    for (Eigen::Index n = 0; n < samples; ++n)
        for (int oc = 0; oc < g_.outChannels; ++oc) {
            const float* from = outputGradient.col(n).data() + Eigen::Index(oc) * positions;
            copyRows(from, g_.outWidth, paddedGradient_.data() + n * gradientSample + oc * gradientStride + lead, width,
                     g_.outHeight, g_.outWidth);
            if (hasBias_) biasGrad_(oc, 0) += Eigen::Map<const Eigen::VectorXf>(from, positions).sum();
        }
    weightGrad_.setZero(weight.rows(), weight.cols());
    correlateWeights(padded_.data(), g_.inChannels, plane, g_.inChannels * plane, offsets_.data(), taps,
                     paddedGradient_.data() + lead, g_.outChannels, gradientStride, gradientSample, length, int(samples),
                     weightGrad_.data());
    if (!inputGradientNeeded()) return Matrix(0, samples);
    // Every input pixel gets a gradient copied below unless some lie right of or below the last window (then zero).
    const Eigen::Index inputRows = Eigen::Index(g_.inChannels) * g_.inHeight * g_.inWidth;
    Matrix input = paddedRows() == g_.inHeight && paddedCols() == g_.inWidth ? Matrix(inputRows, samples)
                                                                              : Matrix(Matrix::Zero(inputRows, samples));
    const Eigen::Index inputStride = planeArea + CorrelationSlack;
    inputGradientPlanes_.resize(std::size_t(g_.inChannels * inputStride));
    for (Eigen::Index n = 0; n < samples; ++n) {
        correlate(paddedGradient_.data() + n * gradientSample, g_.outChannels, gradientStride, backwardOffsets_.data(),
                  taps, backwardWeights_.data(), nullptr, g_.inChannels, inputGradientPlanes_.data(), inputStride,
                  planeArea);
        for (int c = 0; c < g_.inChannels; ++c)
            copyRows(inputGradientPlanes_.data() + c * inputStride + paddedInterior(), width,
                     input.col(n).data() + Eigen::Index(c) * g_.inHeight * g_.inWidth, g_.inWidth, paddedRows(), paddedCols());
    }
    return input;
}

Matrix ConvLayer::forward(Matrix input, bool training) {
    if (input.rows() != Eigen::Index(g_.inChannels) * g_.inHeight * g_.inWidth)
        throw std::invalid_argument(name_ + ": input has the wrong number of features");
    if (direct()) return directForward(input, training);
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

Matrix ConvLayer::backward(Matrix outputGradient) {
    if (direct()) return directBackward(outputGradient);
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
    if (!inputGradientNeeded()) return Matrix(0, samples);
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
