// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/direct_correlation.h"

#include "core/training/vector_lanes.h"
#include "core/training/vector_unit.h"

#include <vector>

namespace dfl {

namespace {

using namespace lanes;

constexpr int CorrelationLanes = 16;  // the widest vector's floats: every unit's lane sums fit

std::ptrdiff_t roundUp(std::ptrdiff_t n, int lanes) { return (n + lanes - 1) / lanes * lanes; }

// Outputs o0 … o0 + Block − 1 at positions [j, j + Steps·lanes): Block × Steps accumulators stay in registers while
// every (input, tap) pair loads Steps input vectors and Block weights.
template <class Vec, int Block, int Steps>
DFL_INLINE void correlateTile(const float* in, int ins, std::ptrdiff_t inStride, const int* offsets, int taps,
                              const float* weights, const float* bias, int outs, int o0, float* out,
                              std::ptrdiff_t outStride, std::ptrdiff_t j) {
    constexpr int L = Lanes<Vec>;
    Vec acc[Steps][Block];
    for (int b = 0; b < Block; ++b)
        for (int s = 0; s < Steps; ++s) acc[s][b] = splat<Vec>(bias ? bias[o0 + b] : 0.0f);
    for (int i = 0; i < ins; ++i) {
        const float* row = in + i * inStride + j;
        const float* w = weights + std::ptrdiff_t(i) * taps * outs + o0;
        for (int t = 0; t < taps; ++t, w += outs) {
            Vec x[Steps];
            for (int s = 0; s < Steps; ++s) x[s] = load<Vec>(row + offsets[t] + s * L);
            for (int b = 0; b < Block; ++b) {
                const Vec wb = splat<Vec>(w[b]);
                for (int s = 0; s < Steps; ++s) acc[s][b] += x[s] * wb;
            }
        }
    }
    for (int b = 0; b < Block; ++b)
        for (int s = 0; s < Steps; ++s) store(out + (o0 + b) * outStride + j + s * L, acc[s][b]);
}

template <class Vec, int Block>
DFL_INLINE void correlateBlock(const float* in, int ins, std::ptrdiff_t inStride, const int* offsets, int taps,
                               const float* weights, const float* bias, int outs, int o0, float* out,
                               std::ptrdiff_t outStride, std::ptrdiff_t length) {
    constexpr int L = Lanes<Vec>;
    // Two vectors per step where 2 × 8 accumulators fit in the registers (AVX-512 has 32), one otherwise (16).
    constexpr int Steps = L == 16 ? 2 : 1;
    const std::ptrdiff_t end = roundUp(length, L);
    std::ptrdiff_t j = 0;
    for (; j + Steps * L <= end; j += Steps * L)
        correlateTile<Vec, Block, Steps>(in, ins, inStride, offsets, taps, weights, bias, outs, o0, out, outStride, j);
    if (j < end) correlateTile<Vec, Block, 1>(in, ins, inStride, offsets, taps, weights, bias, outs, o0, out, outStride, j);
}

// Taps t … t + Taps − 1 of input i against outputs o0 … o0 + Block − 1 over one sample: the output gradient vectors are
// loaded once per position and serve every tap; the per-lane sums are added to `laneSums` (16 floats per weight),
// reduced across lanes only once per batch.
template <class Vec, int Block, int Taps>
DFL_INLINE void correlateWeightsTile(const float* row, const int* offsets, const float* gradient, int o0,
                                     std::ptrdiff_t gradientStride, std::ptrdiff_t end, int outs, float* laneSums) {
    constexpr int L = Lanes<Vec>;
    Vec acc[Taps][Block];
    for (int k = 0; k < Taps; ++k)
        for (int b = 0; b < Block; ++b) acc[k][b] = splat<Vec>(0.0f);
    for (std::ptrdiff_t j = 0; j < end; j += L) {
        Vec g[Block];
        for (int b = 0; b < Block; ++b) g[b] = load<Vec>(gradient + (o0 + b) * gradientStride + j);
        for (int k = 0; k < Taps; ++k) {
            const Vec x = load<Vec>(row + offsets[k] + j);
            for (int b = 0; b < Block; ++b) acc[k][b] += g[b] * x;
        }
    }
    for (int k = 0; k < Taps; ++k)
        for (int b = 0; b < Block; ++b) {
            float* sums = laneSums + (std::ptrdiff_t(k) * outs + o0 + b) * CorrelationLanes;
            store(sums, load<Vec>(sums) + acc[k][b]);
        }
}

template <class Vec, int Block>
DFL_INLINE void correlateWeightsBlock(const float* in, int ins, std::ptrdiff_t inStride, std::ptrdiff_t inSampleStride,
                                      const int* offsets, int taps, const float* gradient, int outs, int o0,
                                      std::ptrdiff_t gradientStride, std::ptrdiff_t gradientSampleStride,
                                      std::ptrdiff_t length, int samples, float* laneSums) {
    constexpr int L = Lanes<Vec>;
    // Two taps per pass where their 2 × 8 accumulators and 8 gradient vectors fit in the registers (AVX-512).
    constexpr int Taps = L == 16 ? 2 : 1;
    const std::ptrdiff_t end = roundUp(length, L);
    for (int n = 0; n < samples; ++n) {
        const float* g = gradient + n * gradientSampleStride;
        for (int i = 0; i < ins; ++i) {
            const float* row = in + n * inSampleStride + i * inStride;
            float* sums = laneSums + std::ptrdiff_t(i) * taps * outs * CorrelationLanes;
            int t = 0;
            for (; t + Taps <= taps; t += Taps)
                correlateWeightsTile<Vec, Block, Taps>(row, offsets + t, g, o0, gradientStride, end, outs,
                                                       sums + std::ptrdiff_t(t) * outs * CorrelationLanes);
            for (; t < taps; ++t)
                correlateWeightsTile<Vec, Block, 1>(row, offsets + t, g, o0, gradientStride, end, outs,
                                                    sums + std::ptrdiff_t(t) * outs * CorrelationLanes);
        }
    }
}

// Output channels in blocks of 8 (8 accumulators per input vector), the remainder in one smaller block.
template <class Vec, template <class, int> class Kernel, class... Args>
DFL_INLINE void overOutputBlocks(int outs, Args... args) {
    int o0 = 0;
    for (; o0 + 8 <= outs; o0 += 8) Kernel<Vec, 8>::run(o0, args...);
    switch (outs - o0) {
    case 7: Kernel<Vec, 7>::run(o0, args...); break;
    case 6: Kernel<Vec, 6>::run(o0, args...); break;
    case 5: Kernel<Vec, 5>::run(o0, args...); break;
    case 4: Kernel<Vec, 4>::run(o0, args...); break;
    case 3: Kernel<Vec, 3>::run(o0, args...); break;
    case 2: Kernel<Vec, 2>::run(o0, args...); break;
    case 1: Kernel<Vec, 1>::run(o0, args...); break;
    default: break;
    }
}

template <class Vec, int Block>
struct Forward {
    static DFL_INLINE void run(int o0, const float* in, int ins, std::ptrdiff_t inStride, const int* offsets, int taps,
                               const float* weights, const float* bias, int outs, float* out, std::ptrdiff_t outStride,
                               std::ptrdiff_t length) {
        correlateBlock<Vec, Block>(in, ins, inStride, offsets, taps, weights, bias, outs, o0, out, outStride, length);
    }
};

template <class Vec, int Block>
struct WeightGradient {
    static DFL_INLINE void run(int o0, const float* in, int ins, std::ptrdiff_t inStride, std::ptrdiff_t inSampleStride,
                               const int* offsets, int taps, const float* gradient, int outs,
                               std::ptrdiff_t gradientStride, std::ptrdiff_t gradientSampleStride,
                               std::ptrdiff_t length, int samples, float* laneSums) {
        correlateWeightsBlock<Vec, Block>(in, ins, inStride, inSampleStride, offsets, taps, gradient, outs, o0,
                                          gradientStride, gradientSampleStride, length, samples, laneSums);
    }
};

#define DFL_CORRELATE_FOR(Vec, suffix, target)                                                                       \
    target void correlate##suffix(const float* in, int ins, std::ptrdiff_t inStride, const int* offsets, int taps,    \
                                  const float* weights, const float* bias, int outs, float* out,                     \
                                  std::ptrdiff_t outStride, std::ptrdiff_t length) {                                 \
        overOutputBlocks<Vec, Forward>(outs, in, ins, inStride, offsets, taps, weights, bias, outs, out, outStride,   \
                                       length);                                                                      \
    }                                                                                                                \
    target void correlateWeights##suffix(const float* in, int ins, std::ptrdiff_t inStride,                          \
                                         std::ptrdiff_t inSampleStride, const int* offsets, int taps,                \
                                         const float* gradient, int outs, std::ptrdiff_t gradientStride,             \
                                         std::ptrdiff_t gradientSampleStride, std::ptrdiff_t length, int samples,    \
                                         float* laneSums) {                                                          \
        overOutputBlocks<Vec, WeightGradient>(outs, in, ins, inStride, inSampleStride, offsets, taps, gradient, outs, \
                                              gradientStride, gradientSampleStride, length, samples, laneSums);      \
    }

DFL_CORRELATE_FOR(Vec16, Avx512, __attribute__((target("avx512f"))))
DFL_CORRELATE_FOR(Vec8, Avx2, __attribute__((target("avx2,fma"))))
DFL_CORRELATE_FOR(Vec4, Sse2, )

using Unit = VectorUnit;

}  // namespace

void correlate(const float* in, int ins, std::ptrdiff_t inStride, const int* offsets, int taps, const float* weights,
               const float* bias, int outs, float* out, std::ptrdiff_t outStride, std::ptrdiff_t length) {
    switch (activeVectorUnit()) {
    case Unit::Avx512: return correlateAvx512(in, ins, inStride, offsets, taps, weights, bias, outs, out, outStride, length);
    case Unit::Avx2: return correlateAvx2(in, ins, inStride, offsets, taps, weights, bias, outs, out, outStride, length);
    case Unit::Sse2: return correlateSse2(in, ins, inStride, offsets, taps, weights, bias, outs, out, outStride, length);
    }
}

void correlateWeights(const float* in, int ins, std::ptrdiff_t inStride, std::ptrdiff_t inSampleStride,
                      const int* offsets, int taps, const float* gradient, int outs, std::ptrdiff_t gradientStride,
                      std::ptrdiff_t gradientSampleStride, std::ptrdiff_t length, int samples, float* weightGradient) {
    // Per-lane partial sums for the whole batch, reduced across lanes once at the end.
    thread_local std::vector<float> laneSums;
    const std::size_t weights = std::size_t(ins) * std::size_t(taps) * std::size_t(outs);
    laneSums.assign(weights * CorrelationLanes, 0.0f);
    switch (activeVectorUnit()) {
    case Unit::Avx512:
        correlateWeightsAvx512(in, ins, inStride, inSampleStride, offsets, taps, gradient, outs, gradientStride,
                               gradientSampleStride, length, samples, laneSums.data());
        break;
    case Unit::Avx2:
        correlateWeightsAvx2(in, ins, inStride, inSampleStride, offsets, taps, gradient, outs, gradientStride,
                             gradientSampleStride, length, samples, laneSums.data());
        break;
    case Unit::Sse2:
        correlateWeightsSse2(in, ins, inStride, inSampleStride, offsets, taps, gradient, outs, gradientStride,
                             gradientSampleStride, length, samples, laneSums.data());
        break;
    }
    for (std::size_t w = 0; w < weights; ++w) {
        float sum = 0;
        for (int k = 0; k < CorrelationLanes; ++k) sum += laneSums[w * CorrelationLanes + k];
        weightGradient[w] += sum;
    }
}

}  // namespace dfl
