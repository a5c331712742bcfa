// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/max_pool_layer.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace dfl {

PoolGeometry PoolGeometry::make(int channels, int inHeight, int inWidth, int kernel, int stride) {
    PoolGeometry g;
    g.channels = channels;
    g.inHeight = inHeight;
    g.inWidth = inWidth;
    g.kernelH = g.kernelW = kernel;
    g.strideH = g.strideW = stride;
    g.outHeight = (inHeight - kernel) / stride + 1;
    g.outWidth = (inWidth - kernel) / stride + 1;
    return g;
}

MaxPoolLayer::MaxPoolLayer(std::string name, const PoolGeometry& geometry) : name_(std::move(name)), g_(geometry) {
    if (g_.outHeight < 1 || g_.outWidth < 1) throw std::invalid_argument(name_ + ": pooling with no output");
}

Matrix MaxPoolLayer::forward(const Matrix& input, bool training) {
    const int inPlane = g_.inHeight * g_.inWidth, outPlane = g_.outHeight * g_.outWidth;
    if (input.rows() != Eigen::Index(g_.channels) * inPlane)
        throw std::invalid_argument(name_ + ": input has the wrong number of features");
    const Eigen::Index samples = input.cols();
    const Eigen::Index outRows = Eigen::Index(g_.channels) * outPlane;
    Matrix out(outRows, samples);
    if (training) {
        winners_.assign(size_t(outRows * samples), 0);
        inputRows_ = input.rows();
    }
    for (Eigen::Index n = 0; n < samples; ++n)
        for (int c = 0; c < g_.channels; ++c)
            for (int oy = 0; oy < g_.outHeight; ++oy)
                for (int ox = 0; ox < g_.outWidth; ++ox) {
                    const int y0 = std::max(0, oy * g_.strideH - g_.padTop);
                    const int y1 = std::min(g_.inHeight, oy * g_.strideH - g_.padTop + g_.kernelH);
                    const int x0 = std::max(0, ox * g_.strideW - g_.padLeft);
                    const int x1 = std::min(g_.inWidth, ox * g_.strideW - g_.padLeft + g_.kernelW);
                    float best = -std::numeric_limits<float>::infinity();
                    int winner = c * inPlane + y0 * g_.inWidth + x0;
                    for (int y = y0; y < y1; ++y)
                        for (int x = x0; x < x1; ++x) {
                            const int row = c * inPlane + y * g_.inWidth + x;
                            if (input(row, n) > best) {  // first maximum wins ties: reproducible
                                best = input(row, n);
                                winner = row;
                            }
                        }
                    const Eigen::Index outRow = Eigen::Index(c) * outPlane + oy * g_.outWidth + ox;
                    out(outRow, n) = best;
                    if (training) winners_[size_t(n * outRows + outRow)] = winner;
                }
    return out;
}

Matrix MaxPoolLayer::backward(const Matrix& outputGradient) {
    const Eigen::Index outRows = outputGradient.rows();
    Matrix in = Matrix::Zero(inputRows_, outputGradient.cols());
    for (Eigen::Index n = 0; n < outputGradient.cols(); ++n)
        for (Eigen::Index r = 0; r < outRows; ++r) in(winners_[size_t(n * outRows + r)], n) += outputGradient(r, n);
    return in;
}

}  // namespace dfl
