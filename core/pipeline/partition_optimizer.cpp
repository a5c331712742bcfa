// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/partition_optimizer.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace dfl {

namespace {

// Stage k (1..P) covering layers [first, last]: its share of the secondary objective.
double stageSecondary(const PipelineCostModel& costs, int stage, int first, int last, SecondaryObjective objective) {
    if (objective == SecondaryObjective::Memory) return costs.stageMemoryMb(stage, first, last);
    // Traffic: what enters the stage (stage 1: the input batch); the gradients leaving mirror these cuts.
    return costs.cutMb(first) + (first > 0 ? costs.cutMb(first) : 0);
}

// Stage k covering [first, last] starts at a working layer (stage 1: holds one); see the header.
bool aligned(const PipelineCostModel& costs, int stage, int first, int last) {
    return stage == 1 ? costs.workLayers(first, last) > 0 : costs.workLayers(first, first) > 0;
}

}  // namespace

double secondaryCost(const PipelineCostModel& costs, const Partition& partition, SecondaryObjective objective) {
    double sum = 0;
    for (int s = 0; s < partition.stages(); ++s)
        sum += stageSecondary(costs, s + 1, partition.firstLayer(s), partition.lastLayer(s), objective);
    return sum;
}

int unalignedStages(const PipelineCostModel& costs, const Partition& partition) {
    int count = 0;
    for (int s = 0; s < partition.stages(); ++s)
        if (!aligned(costs, s + 1, partition.firstLayer(s), partition.lastLayer(s))) ++count;
    return count;
}

OptimalPartition optimalPartition(const PipelineCostModel& costs, int stages, SecondaryObjective objective) {
    const int n = costs.network().size();
    if (stages < 1 || stages > n) throw std::invalid_argument("stages must be between 1 and the layer count");
    constexpr double Infinity = std::numeric_limits<double>::infinity();
    const size_t rows = size_t(stages) + 1, cols = size_t(n) + 1;

    // Pass 1: bottleneck[k][i] = least slowest-stage time covering the first i layers with k stages.
    std::vector<double> bottleneck(rows * cols, Infinity);
    auto at = [cols](std::vector<double>& v, int k, int i) -> double& { return v[size_t(k) * cols + size_t(i)]; };
    for (int i = 1; i <= n; ++i) at(bottleneck, 1, i) = costs.stageTimeMs(0, i - 1);
    for (int k = 2; k <= stages; ++k)
        for (int i = k; i <= n; ++i)
            for (int j = k - 1; j < i; ++j)
                at(bottleneck, k, i) = std::min(at(bottleneck, k, i), std::max(at(bottleneck, k - 1, j), costs.stageTimeMs(j, i - 1)));
    const double best = at(bottleneck, stages, n);
    const double limit = best * (1 + 1e-12);  // identical sums of the same prefix sums: only rounding noise

    // Pass 2: among partitions whose every stage fits within the best cycle, the least (unaligned stages, secondary
    // sum), compared lexicographically; the count is an integer, so its comparison is exact.
    std::vector<double> secondary(rows * cols, Infinity);
    std::vector<int> unaligned(rows * cols, std::numeric_limits<int>::max());
    std::vector<int> choice(rows * cols, -1);
    at(secondary, 0, 0) = 0;
    unaligned[0] = 0;
    for (int k = 1; k <= stages; ++k)
        for (int i = k; i <= n - (stages - k); ++i) {
            const size_t here = size_t(k) * cols + size_t(i);
            for (int j = k - 1; j < i; ++j) {
                const size_t before = size_t(k - 1) * cols + size_t(j);
                if (secondary[before] == Infinity || costs.stageTimeMs(j, i - 1) > limit) continue;
                const int unalignedTotal = unaligned[before] + (aligned(costs, k, j, i - 1) ? 0 : 1);
                const double total = secondary[before] + stageSecondary(costs, k, j, i - 1, objective);
                // strict: ties keep the earliest cut, deterministically
                if (unalignedTotal < unaligned[here] || (unalignedTotal == unaligned[here] && total < secondary[here])) {
                    unaligned[here] = unalignedTotal;
                    secondary[here] = total;
                    choice[here] = j;
                }
            }
        }

    std::vector<int> starts(size_t(stages), 0);
    for (int k = stages, i = n; k >= 1; --k) {
        const int j = choice[size_t(k) * cols + size_t(i)];
        starts[size_t(k - 1)] = j;
        i = j;
    }
    OptimalPartition result{Partition(starts, n), best, unaligned[size_t(stages) * cols + size_t(n)], at(secondary, stages, n)};
    return result;
}

}  // namespace dfl
