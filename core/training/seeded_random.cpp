// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/seeded_random.h"

#include <cmath>
#include <numbers>

namespace dfl {

double SeededRandom::uniform01() { return double(engine_() >> 11) * 0x1.0p-53; }

double SeededRandom::uniform(double low, double high) { return low + (high - low) * uniform01(); }

double SeededRandom::normal() {
    if (hasSpare_) {
        hasSpare_ = false;
        return spareNormal_;
    }
    double u1 = uniform01();
    while (u1 <= 0) u1 = uniform01();  // log(0) is undefined
    const double u2 = uniform01();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    spareNormal_ = radius * std::sin(2 * std::numbers::pi * u2);
    hasSpare_ = true;
    return radius * std::cos(2 * std::numbers::pi * u2);
}

std::uint64_t SeededRandom::below(std::uint64_t n) {
    if (n <= 1) return 0;
    // Reject the incomplete top block so every residue is equally likely.
    const std::uint64_t limit = std::uint64_t(-1) - (std::uint64_t(-1) % n);
    std::uint64_t v = engine_();
    while (v >= limit) v = engine_();
    return v % n;
}

void SeededRandom::shuffle(std::vector<int>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
}

SeededRandom SeededRandom::derived(std::uint64_t seed, std::uint64_t stream) {
    // splitmix64 of (seed, stream): nearby seeds and streams give unrelated engines.
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ULL + stream + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return SeededRandom(z ^ (z >> 31));
}

}  // namespace dfl
