// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/max_pool_layer.h"

#include "core/training/vector_lanes.h"
#include "core/training/vector_unit.h"

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

namespace {

// One window: the first maximum in row-major order wins ties; a NaN never wins (the comparison is false). Selects
// rather than branches: which input wins is data, and a mispredicted branch per comparison cost more than the rest.
inline void poolWindow(const float* plane, int width, int y0, int y1, int x0, int x1, float& best, int& winner) {
    best = -std::numeric_limits<float>::infinity();
    winner = y0 * width + x0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const float v = plane[y * width + x];
            const bool wins = v > best;
            best = wins ? v : best;
            winner = wins ? y * width + x : winner;
        }
}

// The same rule for a row of 2×2, stride-2 windows inside the plane, as a tournament (first maximum of each pair, then
// the second pair only if strictly larger: the same winner as the row-major scan, with a shorter dependency chain).
// Winners are written only when asked for (training), so evaluation's loop is free to vectorise.
template <bool KeepWinners>
void poolRow2x2(const float* top, int width, int count, float* out, int* winners, int rowOffset) {
    constexpr float None = -std::numeric_limits<float>::infinity();
    const float* bottom = top + width;
    for (int ox = 0; ox < count; ++ox) {
        const float a = top[2 * ox], b = top[2 * ox + 1], c = bottom[2 * ox], d = bottom[2 * ox + 1];
        const float upper0 = a > None ? a : None, lower0 = c > None ? c : None;
        const bool upperB = b > upper0, lowerD = d > lower0;
        const float upper = upperB ? b : upper0, lower = lowerD ? d : lower0;
        const bool lowerWins = lower > upper;
        out[ox] = lowerWins ? lower : upper;
        if constexpr (KeepWinners)
            winners[ox] = rowOffset + 2 * ox + (lowerWins ? width + int(lowerD) : int(upperB));
    }
}

// The same tournament for Lanes<Vec> windows at once (vector_unit.h picks the unit). The rows of this network are
// short (14 and 7 windows), so a vector may run past the row's end: it reads and writes the following rows' data, which
// are written again when their turn comes, and stops before a load or store would leave the buffers
// (`inputEnd`, `outputEnd`). Returns how many windows it finished; the scalar row does the rest.
template <class Vec, bool KeepWinners>
DFL_INLINE int poolRow2x2Lanes(const float* top, int width, int count, float* out, int* winners, int rowOffset,
                               const float* inputEnd, const float* outputEnd) {
    using namespace lanes;
    constexpr int L = Lanes<Vec>;
    using Mask = Ints<Vec>;
    const float* bottom = top + width;
    const Vec none = splat<Vec>(-std::numeric_limits<float>::infinity());
    Mask position;
    for (int k = 0; k < L; ++k) position[k] = rowOffset + 2 * k;
    int ox = 0;
    for (; ox < count && bottom + 2 * (ox + L) <= inputEnd && out + ox + L <= outputEnd; ox += L) {
        const Vec a = loadEveryOther<Vec, 0>(top + 2 * ox), b = loadEveryOther<Vec, 1>(top + 2 * ox);
        const Vec c = loadEveryOther<Vec, 0>(bottom + 2 * ox), d = loadEveryOther<Vec, 1>(bottom + 2 * ox);
        const Vec upper0 = a > none ? a : none, lower0 = c > none ? c : none;
        const Mask upperB = b > upper0, lowerD = d > lower0;
        const Vec upper = upperB ? b : upper0, lower = lowerD ? d : lower0;
        const Mask lowerWins = lower > upper;
        store(out + ox, lowerWins ? lower : upper);
        if constexpr (KeepWinners) {
            storeInts<Vec>(winners + ox, position + (lowerWins ? width + (lowerD & 1) : (upperB & 1)));
            position += 2 * L;
        }
    }
    return std::min(ox, count);
}

// One entry point per vector unit; `winners` null during evaluation.
#define DFL_POOL_ROW_FOR(Vec, suffix, target)                                                                          \
    target int poolRow2x2##suffix(const float* top, int width, int count, float* out, int* winners, int rowOffset,    \
                                  const float* inputEnd, const float* outputEnd) {                                     \
        return winners ? poolRow2x2Lanes<lanes::Vec, true>(top, width, count, out, winners, rowOffset, inputEnd,       \
                                                           outputEnd)                                                  \
                       : poolRow2x2Lanes<lanes::Vec, false>(top, width, count, out, nullptr, rowOffset, inputEnd,      \
                                                            outputEnd);                                                \
    }
DFL_POOL_ROW_FOR(Vec16, Avx512, __attribute__((target("avx512f"))))
DFL_POOL_ROW_FOR(Vec8, Avx2, __attribute__((target("avx2,fma"))))
DFL_POOL_ROW_FOR(Vec4, Sse2, )

// A row of 2×2 windows: as many as fit through the vector unit, the rest one by one.
void poolRow(const float* top, int width, int count, float* out, int* winners, int rowOffset, const float* inputEnd,
             const float* outputEnd) {
    int done = 0;
    switch (activeVectorUnit()) {
    case VectorUnit::Avx512: done = poolRow2x2Avx512(top, width, count, out, winners, rowOffset, inputEnd, outputEnd); break;
    case VectorUnit::Avx2: done = poolRow2x2Avx2(top, width, count, out, winners, rowOffset, inputEnd, outputEnd); break;
    case VectorUnit::Sse2: done = poolRow2x2Sse2(top, width, count, out, winners, rowOffset, inputEnd, outputEnd); break;
    }
    if (done == count) return;
    if (winners) poolRow2x2<true>(top + 2 * done, width, count - done, out + done, winners + done, rowOffset + 2 * done);
    else poolRow2x2<false>(top + 2 * done, width, count - done, out + done, nullptr, rowOffset + 2 * done);
}

}  // namespace

Matrix MaxPoolLayer::forward(Matrix input, bool training) {
    const int inPlane = g_.inHeight * g_.inWidth, outPlane = g_.outHeight * g_.outWidth;
    if (input.rows() != Eigen::Index(g_.channels) * inPlane)
        throw std::invalid_argument(name_ + ": input has the wrong number of features");
    const Eigen::Index samples = input.cols();
    const Eigen::Index outRows = Eigen::Index(g_.channels) * outPlane;
    Matrix out(outRows, samples);
    if (training) {
        winners_.resize(size_t(outRows * samples));
        inputRows_ = input.rows();
    }
    // Windows of 2×2, stride 2 that lie inside the plane take the row path; the rest (ceil-mode edges, other kernels,
    // padding) the general one. Same winners either way.
    const bool twoByTwo = g_.kernelH == 2 && g_.kernelW == 2 && g_.strideH == 2 && g_.strideW == 2 && g_.padTop == 0 &&
                          g_.padLeft == 0;
    const int fullRows = twoByTwo ? std::min(g_.outHeight, g_.inHeight / 2) : 0;
    const int fullCols = twoByTwo ? std::min(g_.outWidth, g_.inWidth / 2) : 0;
    const float* inputEnd = input.data() + input.size();
    float* const outputEnd = out.data() + out.size();
    for (Eigen::Index n = 0; n < samples; ++n) {
        const float* in = input.col(n).data();
        float* o = out.col(n).data();
        int* won = training ? winners_.data() + n * outRows : nullptr;
        for (int c = 0; c < g_.channels; ++c) {
            const float* plane = in + Eigen::Index(c) * inPlane;
            for (int oy = 0; oy < g_.outHeight; ++oy) {
                int ox = 0;
                if (oy < fullRows) {
                    const int rowOffset = c * inPlane + 2 * oy * g_.inWidth;
                    poolRow(plane + 2 * oy * g_.inWidth, g_.inWidth, fullCols, o, won, rowOffset, inputEnd, outputEnd);
                    ox = fullCols;
                    o += fullCols;
                    if (won) won += fullCols;
                }
                for (; ox < g_.outWidth; ++ox, ++o) {
                    const int y0 = std::max(0, oy * g_.strideH - g_.padTop);
                    const int y1 = std::min(g_.inHeight, oy * g_.strideH - g_.padTop + g_.kernelH);
                    const int x0 = std::max(0, ox * g_.strideW - g_.padLeft);
                    const int x1 = std::min(g_.inWidth, ox * g_.strideW - g_.padLeft + g_.kernelW);
                    float best;
                    int winner;
                    poolWindow(plane, g_.inWidth, y0, y1, x0, x1, best, winner);
                    *o = best;
                    if (won) *won++ = c * inPlane + winner;
                }
            }
        }
    }
    return out;
}

Matrix MaxPoolLayer::backward(Matrix outputGradient) {
    const Eigen::Index outRows = outputGradient.rows();
    Matrix in = Matrix::Zero(inputRows_, outputGradient.cols());
    for (Eigen::Index n = 0; n < outputGradient.cols(); ++n)
        for (Eigen::Index r = 0; r < outRows; ++r) in(winners_[size_t(n * outRows + r)], n) += outputGradient(r, n);
    return in;
}

}  // namespace dfl
