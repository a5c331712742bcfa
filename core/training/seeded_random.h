// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Deterministic random numbers for training and Monte Carlo: std::mt19937_64 is specified bit for bit by the
// standard, but std::normal_distribution and friends are not (each standard library draws differently), so the
// distributions are implemented here and the same seed gives the same network on every platform.

#include <cstdint>
#include <random>
#include <vector>

namespace dfl {

class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}

    double uniform01();                      // [0, 1) with 53 random bits
    double uniform(double low, double high); // [low, high)
    double normal();                         // standard normal (Box–Muller, both values used)
    std::uint64_t below(std::uint64_t n);    // uniform integer in [0, n), unbiased (rejection)
    void shuffle(std::vector<int>& items);   // Fisher–Yates with below()

    // A generator for a sub-stream (e.g. one per chip or per stage), independent of how much this one was used.
    static SeededRandom derived(std::uint64_t seed, std::uint64_t stream);

private:
    std::mt19937_64 engine_;
    double spareNormal_ = 0;
    bool hasSpare_ = false;
};

}  // namespace dfl
