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

}  // namespace

double secondaryCost(const PipelineCostModel& costs, const Partition& partition, SecondaryObjective objective) {
    double sum = 0;
    for (int s = 0; s < partition.stages(); ++s)
        sum += stageSecondary(costs, s + 1, partition.firstLayer(s), partition.lastLayer(s), objective);
    return sum;
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

    // Pass 2: least secondary sum among partitions whose every stage fits within the best cycle.
    std::vector<double> secondary(rows * cols, Infinity);
    std::vector<int> choice(rows * cols, -1);
    at(secondary, 0, 0) = 0;
    for (int k = 1; k <= stages; ++k)
        for (int i = k; i <= n - (stages - k); ++i)
            for (int j = k - 1; j < i; ++j) {
                const double before = at(secondary, k - 1, j);
                if (before == Infinity || costs.stageTimeMs(j, i - 1) > limit) continue;
                const double total = before + stageSecondary(costs, k, j, i - 1, objective);
                if (total < at(secondary, k, i)) {  // strict: ties keep the earliest cut, deterministically
                    at(secondary, k, i) = total;
                    choice[size_t(k) * cols + size_t(i)] = j;
                }
            }

    std::vector<int> starts(size_t(stages), 0);
    for (int k = stages, i = n; k >= 1; --k) {
        const int j = choice[size_t(k) * cols + size_t(i)];
        starts[size_t(k - 1)] = j;
        i = j;
    }
    OptimalPartition result{Partition(starts, n), best, at(secondary, stages, n)};
    return result;
}

}  // namespace dfl
