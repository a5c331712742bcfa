// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/plus_minus_one_bits.h"

#include "core/training/vector_lanes.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace dfl {

PackedBits packPlusMinusOne(const float* values, int count) {
    PackedBits p;
    p.size = count;
    p.words.assign(std::size_t((count + 63) / 64), 0);
    // No branch: signs are data, and a mispredicted branch per value cost more than the popcounts.
    for (int k = 0; k < count; ++k) p.words[std::size_t(k / 64)] |= std::uint64_t(values[k] >= 0) << (k % 64);
    return p;
}

int xnorPopcountDot(const PackedBits& a, const PackedBits& b) {
    // Padding bits are 0 in both, so XOR never counts them as disagreements.
    int differing = 0;
    for (std::size_t i = 0; i < a.words.size(); ++i) differing += std::popcount(a.words[i] ^ b.words[i]);
    return a.size - 2 * differing;
}

namespace {

using namespace lanes;

// Bit k of the result: values[k] ≥ 0 (the sign rule of signPlusMinusOne: NaN → −1, −0 → +1), four at a time.
DFL_INLINE unsigned signBits(Vec4 x) { return unsigned(__builtin_ia32_movmskps((Vec4)(x >= Vec4{}))); }

// One column of k values into words of 64 bits; false (the words then mean nothing) when some value is not ±1.
bool packPlusMinusOneColumn(const float* values, int k, std::uint64_t* words) {
    const Vec4 one = splat<Vec4>(1.0f), minusOne = splat<Vec4>(-1.0f);
    Ints<Vec4> valid = Ints<Vec4>{} == Ints<Vec4>{};  // all lanes true
    std::fill(words, words + (k + 63) / 64, 0);
    int c = 0;
    for (; c + 4 <= k; c += 4) {  // 4 divides 64: a group never straddles two words
        const Vec4 x = load<Vec4>(values + c);
        valid &= (x == one) | (x == minusOne);
        words[c / 64] |= std::uint64_t(signBits(x)) << (c % 64);
    }
    bool all = true;
    for (int lane = 0; lane < 4; ++lane) all &= valid[lane] != 0;
    for (; c < k; ++c) {
        all &= values[c] == 1.0f || values[c] == -1.0f;
        words[c / 64] |= std::uint64_t(values[c] >= 0) << (c % 64);
    }
    return all;
}

// 64 × 64 bits in place: bit j of word i ↔ bit i of word j (three-level recursive block swap).
void transpose64(std::uint64_t a[64]) {
    std::uint64_t mask = 0x00000000FFFFFFFFull;
    for (int j = 32; j != 0; j >>= 1, mask ^= mask << j)
        for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
            const std::uint64_t t = ((a[k] >> j) ^ a[k | j]) & mask;
            a[k] ^= t << j;
            a[k | j] ^= t;
        }
}

// The sign bits of a column-major rows × k matrix, packed along each row (rows × words): every column's signs are
// taken 64 rows at a time (the matrix is read in order), then each 64 × 64 block is transposed.
std::vector<std::uint64_t> packRowSigns(const Eigen::MatrixXf& m, int words) {
    const Eigen::Index rows = m.rows();
    const int k = int(m.cols());
    std::vector<std::uint64_t> packed(std::size_t(rows * words), 0);
    std::uint64_t block[64];
    for (Eigen::Index r0 = 0; r0 < rows; r0 += 64) {
        const int height = int(std::min<Eigen::Index>(64, rows - r0));
        for (int c0 = 0; c0 < k; c0 += 64) {
            for (int j = 0; j < 64; ++j) {
                std::uint64_t bits = 0;
                if (c0 + j < k) {
                    const float* column = m.col(c0 + j).data() + r0;
                    int r = 0;
                    for (; r + 4 <= height; r += 4) bits |= std::uint64_t(signBits(load<Vec4>(column + r))) << r;
                    for (; r < height; ++r) bits |= std::uint64_t(column[r] >= 0) << r;
                }
                block[j] = bits;  // bit r: row r0 + r of column c0 + j
            }
            transpose64(block);  // now bit j of word r: row r0 + r, column c0 + j
            for (int r = 0; r < height; ++r) packed[std::size_t((r0 + r) * words + c0 / 64)] = block[r];
        }
    }
    return packed;
}

// out[r] = k − 2·popcount(row r XOR x) for every packed row. Baseline x86-64 has no popcount instruction (std::popcount
// becomes a dozen bit operations, slower than the matrix product it replaces), so the loop is compiled twice and the
// POPCNT one is taken where the CPU has it.
DFL_INLINE void xnorRows(const std::uint64_t* w, int words, Eigen::Index rows, const std::uint64_t* x, int k, float* out) {
    for (Eigen::Index r = 0; r < rows; ++r) {
        const std::uint64_t* row = w + r * words;
        int differing = 0;
        for (int i = 0; i < words; ++i) differing += std::popcount(row[i] ^ x[i]);
        out[r] = float(k - 2 * differing);
    }
}

__attribute__((target("popcnt"))) void xnorRowsPopcnt(const std::uint64_t* w, int words, Eigen::Index rows,
                                                      const std::uint64_t* x, int k, float* out) {
    xnorRows(w, words, rows, x, k, out);
}

void xnorRowsBaseline(const std::uint64_t* w, int words, Eigen::Index rows, const std::uint64_t* x, int k, float* out) {
    xnorRows(w, words, rows, x, k, out);
}

const auto xnorRowsHere = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("popcnt") ? &xnorRowsPopcnt : &xnorRowsBaseline;
}();

}  // namespace

std::optional<Eigen::MatrixXf> xnorProduct(const Eigen::MatrixXf& weights, const Eigen::MatrixXf& inputs) {
    if (weights.cols() != inputs.rows()) throw std::invalid_argument("xnorProduct: inner sizes differ");
    const int k = int(inputs.rows()), words = (k + 63) / 64;
    const Eigen::Index n = inputs.cols();
    std::vector<std::uint64_t> x(std::size_t(n * words));
    for (Eigen::Index s = 0; s < n; ++s)
        if (!packPlusMinusOneColumn(inputs.col(s).data(), k, x.data() + s * words)) return std::nullopt;
    const std::vector<std::uint64_t> w = packRowSigns(weights, words);
    Eigen::MatrixXf out(weights.rows(), n);
    for (Eigen::Index s = 0; s < n; ++s) xnorRowsHere(w.data(), words, weights.rows(), x.data() + s * words, k, out.col(s).data());
    return out;
}

}  // namespace dfl
