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

// GCC would rather fold a vector used by several multiply-adds into each of them as a memory operand, loading it once
// per use (the weight gradient ran at 29 GMAC/s that way, 38 without); an empty asm that claims to change the vector
// in a register makes it load once. Clang checks the constraint outside the caller's target attribute and rejects a
// wide vector there, so the hint is GCC's only (the release build's compiler).
template <class Vec>
DFL_INLINE void keepInRegister([[maybe_unused]] Vec& v) {
#if !defined(__clang__)
    if constexpr (Lanes<Vec> == 16) asm("" : "+v"(v));  // any of AVX-512's 32 registers
    else asm("" : "+x"(v));
#endif
}

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

// Taps t … t + Taps − 1 of input i against outputs o0 … o0 + Block − 1, sample after sample: per sample a fresh
// per-lane dot product along j, added to the running per-lane sums. The running sums stay in registers for the whole
// batch and go to `laneSums` (16 floats per weight) once, where they are reduced across lanes. (Kept in memory and
// updated per sample, they cost as much as the dot products on the 7 × 7 maps; the arithmetic is the same.)
template <class Vec, int Block, int Taps>
DFL_INLINE void correlateWeightsTile(const float* in, std::ptrdiff_t inSampleStride, const int* offsets,
                                     const float* gradient, std::ptrdiff_t gradientStride,
                                     std::ptrdiff_t gradientSampleStride, std::ptrdiff_t end, int samples, int outs,
                                     float* laneSums) {
    constexpr int L = Lanes<Vec>;
    Vec sum[Taps][Block];
    for (int k = 0; k < Taps; ++k)
        for (int b = 0; b < Block; ++b) sum[k][b] = splat<Vec>(0.0f);
    for (int n = 0; n < samples; ++n) {
        const float* row = in + n * inSampleStride;
        const float* g0 = gradient + n * gradientSampleStride;
        Vec acc[Taps][Block];
        for (int k = 0; k < Taps; ++k)
            for (int b = 0; b < Block; ++b) acc[k][b] = splat<Vec>(0.0f);
        for (std::ptrdiff_t j = 0; j < end; j += L) {
            Vec x[Taps];
            for (int k = 0; k < Taps; ++k) x[k] = load<Vec>(row + offsets[k] + j);
            for (int b = 0; b < Block; ++b) {
                Vec g = load<Vec>(g0 + b * gradientStride + j);
                keepInRegister(g);
                for (int k = 0; k < Taps; ++k) acc[k][b] += g * x[k];
            }
        }
        for (int k = 0; k < Taps; ++k)
            for (int b = 0; b < Block; ++b) sum[k][b] += acc[k][b];
    }
    for (int k = 0; k < Taps; ++k)
        for (int b = 0; b < Block; ++b) {
            float* sums = laneSums + (std::ptrdiff_t(k) * outs + b) * CorrelationLanes;
            store(sums, load<Vec>(sums) + sum[k][b]);
        }
}

template <class Vec, int Block>
DFL_INLINE void correlateWeightsBlock(const float* in, int ins, std::ptrdiff_t inStride, std::ptrdiff_t inSampleStride,
                                      const int* offsets, int taps, const float* gradient, int outs, int o0,
                                      std::ptrdiff_t gradientStride, std::ptrdiff_t gradientSampleStride,
                                      std::ptrdiff_t length, int samples, float* laneSums) {
    constexpr int L = Lanes<Vec>;
    // Running sums, per-sample sums, gradient vectors and an input vector must fit in the registers: three taps of
    // four outputs with AVX-512 (32 registers; 3 × 3 kernels take no remainder), one tap of four otherwise (16).
    constexpr int Taps = L == 16 ? 3 : 1;
    const std::ptrdiff_t end = roundUp(length, L);
    const float* g = gradient + o0 * gradientStride;
    for (int i = 0; i < ins; ++i) {
        const float* row = in + i * inStride;
        float* sums = laneSums + (std::ptrdiff_t(i) * taps * outs + o0) * CorrelationLanes;
        int t = 0;
        for (; t + Taps <= taps; t += Taps)
            correlateWeightsTile<Vec, Block, Taps>(row, inSampleStride, offsets + t, g, gradientStride,
                                                   gradientSampleStride, end, samples, outs,
                                                   sums + std::ptrdiff_t(t) * outs * CorrelationLanes);
        for (; t < taps; ++t)
            correlateWeightsTile<Vec, Block, 1>(row, inSampleStride, offsets + t, g, gradientStride,
                                                gradientSampleStride, end, samples, outs,
                                                sums + std::ptrdiff_t(t) * outs * CorrelationLanes);
    }
}

// Output channels in blocks of MaxBlock, the remainder in one smaller block.
template <class Vec, template <class, int> class Kernel, int MaxBlock, class... Args>
DFL_INLINE void overOutputBlocks(int outs, Args... args) {
    static_assert(MaxBlock == 4 || MaxBlock == 8);
    int o0 = 0;
    for (; o0 + MaxBlock <= outs; o0 += MaxBlock) Kernel<Vec, MaxBlock>::run(o0, args...);
    switch (outs - o0) {
    case 7: if constexpr (MaxBlock > 7) Kernel<Vec, 7>::run(o0, args...); break;
    case 6: if constexpr (MaxBlock > 6) Kernel<Vec, 6>::run(o0, args...); break;
    case 5: if constexpr (MaxBlock > 5) Kernel<Vec, 5>::run(o0, args...); break;
    case 4: if constexpr (MaxBlock > 4) Kernel<Vec, 4>::run(o0, args...); break;
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
        overOutputBlocks<Vec, Forward, 8>(outs, in, ins, inStride, offsets, taps, weights, bias, outs, out, outStride,   \
                                       length);                                                                      \
    }                                                                                                                \
    target void correlateWeights##suffix(const float* in, int ins, std::ptrdiff_t inStride,                          \
                                         std::ptrdiff_t inSampleStride, const int* offsets, int taps,                \
                                         const float* gradient, int outs, std::ptrdiff_t gradientStride,             \
                                         std::ptrdiff_t gradientSampleStride, std::ptrdiff_t length, int samples,    \
                                         float* laneSums) {                                                          \
        overOutputBlocks<Vec, WeightGradient, 4>(outs, in, ins, inStride, inSampleStride, offsets, taps, gradient, outs, \
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
