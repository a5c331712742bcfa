#pragma once
// The exact contiguous partition into P stages: first the smallest possible slowest-stage time (the pipeline
// cycle), then, among partitions that achieve it, the least total memory or boundary traffic. Two dynamic
// programmes over (layers so far, stages so far), O(P·L²) with O(1) stage costs; no greedy step, so the result
// matches exhaustive search (tests/pipeline compare them on random networks).

#include "core/pipeline/partition.h"
#include "core/pipeline/pipeline_costs.h"

namespace dfl {

struct OptimalPartition {
    Partition partition;
    double cycleMs = 0;    // its slowest stage
    double secondary = 0;  // total memory (MB) or total traffic (MB per mini-batch), by the objective
};

// Throws std::invalid_argument when stages exceeds the layer count.
OptimalPartition optimalPartition(const PipelineCostModel& costs, int stages, SecondaryObjective objective);

// The secondary objective's value for any partition (the same sum the optimiser minimises).
double secondaryCost(const PipelineCostModel& costs, const Partition& partition, SecondaryObjective objective);

}  // namespace dfl
