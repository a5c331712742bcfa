// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GCC/Clang vector extensions for the hand-vectorised training kernels: one source, compiled once per vector unit
// (vector_unit.h) by entry points with a target attribute. Include only from .cpp files that define such kernels.
//
// The helpers take and return vectors wider than the baseline ABI passes in registers. They are always inlined, and
// only templates without a target attribute call them, which the entry points then inline: no call crosses that ABI
// boundary (Clang rejects one from a function with a target attribute to one without).

#include <cstring>
#include <utility>

#pragma GCC diagnostic ignored "-Wpsabi"

#define DFL_INLINE inline __attribute__((always_inline))

namespace dfl::lanes {

typedef float Vec4 __attribute__((vector_size(16)));
typedef float Vec8 __attribute__((vector_size(32)));
typedef float Vec16 __attribute__((vector_size(64)));

template <class Vec>
constexpr int Lanes = int(sizeof(Vec) / sizeof(float));

// The integer vector with one lane per float lane: what a comparison of two Vec gives.
template <class Vec>
using Ints = decltype(Vec{} > Vec{});

template <class Vec>
DFL_INLINE Vec load(const float* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);  // an unaligned vector load
    return v;
}

template <class Vec>
DFL_INLINE void store(float* p, Vec v) {
    std::memcpy(p, &v, sizeof v);
}

template <class Vec>
DFL_INLINE void storeInts(int* p, Ints<Vec> v) {
    std::memcpy(p, &v, sizeof v);
}

// s in every lane, written as s times a vector of ones (x · 1 = x exactly, −0 and NaN included): GCC folds that to one
// broadcast, while it turned the lane-by-lane loop into two half-width broadcasts and an insert, a shuffle for every
// weight the forward kernel multiplies by.
template <class Vec>
DFL_INLINE Vec splat(float s) {
    Vec ones;
    for (int k = 0; k < Lanes<Vec>; ++k) ones[k] = 1.0f;
    return ones * s;
}

namespace detail {
template <class Vec, int Odd, std::size_t... I>
DFL_INLINE Vec everyOther(const float* p, std::index_sequence<I...>) {
    return __builtin_shufflevector(load<Vec>(p), load<Vec>(p + Lanes<Vec>), (2 * I + Odd)...);
}
}  // namespace detail

// p[0], p[2], … (Odd = 0) or p[1], p[3], … (Odd = 1): one lane each from 2 · Lanes consecutive floats.
template <class Vec, int Odd>
DFL_INLINE Vec loadEveryOther(const float* p) {
    return detail::everyOther<Vec, Odd>(p, std::make_index_sequence<std::size_t(Lanes<Vec>)>{});
}

}  // namespace dfl::lanes
