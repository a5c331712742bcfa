// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The inner loops of a stride-1 convolution done directly on zero-padded planes, with no im2col matrix.
//
// With a channel's padded plane stored row after row (pitch = padded width), output position j of the "wide" output
// (padded rows, the last kernel − 1 positions of each discarded) reads input j + offset(tap) for every tap: a
// convolution becomes a sum of shifted whole-plane vectors, which vectorises along j. Forward pass, input gradient
// (the same sum with transposed weights and flipped offsets) and weight gradient (dot products along j) all reduce to
// the two functions below. The convolution layer (conv_layer.cpp) owns the layout; these only do arithmetic.
//
// The loops use the widest vector unit the CPU has (AVX-512, AVX2 + FMA, or SSE2; vector_unit.h).

#include <cstddef>

namespace dfl {

// Floats the functions may read or write past `length` (rounded up to whole vectors): callers leave that much
// zero-filled slack after every input row and room after every output row.
constexpr std::ptrdiff_t CorrelationSlack = 16;

// out[o·outStride + j] = bias[o] (or 0 without bias) + Σ_i Σ_t weights[(i·taps + t)·outs + o] · in[i·inStride +
// offsets[t] + j] for o < outs and j < length. Positions from `length` to the next multiple of 16 are written too.
void correlate(const float* in, int ins, std::ptrdiff_t inStride, const int* offsets, int taps, const float* weights,
               const float* bias, int outs, float* out, std::ptrdiff_t outStride, std::ptrdiff_t length);

// weightGradient[(i·taps + t)·outs + o] += Σ_n Σ_j gradient[n·gradientSampleStride + o·gradientStride + j] ·
// in[n·inSampleStride + i·inStride + offsets[t] + j] for n < samples and j < length. The gradient must be zero from
// `length` to the next multiple of 16.
void correlateWeights(const float* in, int ins, std::ptrdiff_t inStride, std::ptrdiff_t inSampleStride,
                      const int* offsets, int taps, const float* gradient, int outs, std::ptrdiff_t gradientStride,
                      std::ptrdiff_t gradientSampleStride, std::ptrdiff_t length, int samples, float* weightGradient);

}  // namespace dfl
