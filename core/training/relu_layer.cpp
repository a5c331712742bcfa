// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/relu_layer.h"

#include "core/training/vector_lanes.h"

namespace dfl {

namespace {

using namespace lanes;

// Four floats at a time with the baseline unit (SSE2; these passes are bound by memory, not arithmetic), written out
// because Eigen 3.4 does not vectorise a comparison cast to float and GCC turns `g · (o > 0 ? 1 : 0)` into a branch.
// The arithmetic is ReluLayer's as it was in Eigen: max(x, 0) keeps NaN and −0 (std::max's rule), and the gradient is
// multiplied by 1 or 0, so an infinite gradient behind a closed unit still becomes NaN.
DFL_INLINE Vec4 rectified(Vec4 x) { return x < Vec4{} ? Vec4{} : x; }
DFL_INLINE float rectified(float x) { return x < 0.0f ? 0.0f : x; }

void rectify(float* values, float* kept, Eigen::Index count) {
    constexpr int L = Lanes<Vec4>;
    Eigen::Index i = 0;
    for (; i + L <= count; i += L) {
        const Vec4 r = rectified(load<Vec4>(values + i));
        store(values + i, r);
        if (kept) store(kept + i, r);
    }
    for (; i < count; ++i) {
        values[i] = rectified(values[i]);
        if (kept) kept[i] = values[i];
    }
}

void passWhereOpen(float* gradient, const float* output, Eigen::Index count) {
    constexpr int L = Lanes<Vec4>;
    const Vec4 one = splat<Vec4>(1.0f);
    Eigen::Index i = 0;
    for (; i + L <= count; i += L)
        store(gradient + i, load<Vec4>(gradient + i) * (load<Vec4>(output + i) > Vec4{} ? one : Vec4{}));
    for (; i < count; ++i) gradient[i] *= output[i] > 0.0f ? 1.0f : 0.0f;
}

}  // namespace

// Both directions work in place on the matrix handed in (SequentialNet moves it): no new matrix per mini-batch.
Matrix ReluLayer::forward(Matrix x, bool training) {
    if (training) output_.resize(x.rows(), x.cols());  // reuses the buffer of the previous mini-batch
    rectify(x.data(), training ? output_.data() : nullptr, x.size());
    return x;
}

Matrix ReluLayer::backward(Matrix g) {
    passWhereOpen(g.data(), output_.data(), g.size());
    return g;
}

}  // namespace dfl
