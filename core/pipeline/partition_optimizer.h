// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The exact contiguous partition into P stages, chosen lexicographically:
//   1. the smallest possible slowest-stage time (the pipeline cycle);
//   2. among partitions that achieve it, the fewest unaligned stages. A working layer is one with MACs or weights
//      to update (conv, fully connected, batch norm); a stage is aligned when it starts at a working layer (stage 1,
//      which always starts at the network's first layer: when it holds one), so each stage reads "a weight layer
//      and the ReLU / LRN / pooling after it", the block a lecturer draws. Left to memory alone, the optimiser gave
//      a worker just `relu1` and cut between conv3 and relu3 (an early stage holds the most in-flight
//      mini-batches, so moving activations out of it saves memory). An idle stage (no working layer) is always
//      unaligned. With at least P working layers every stage is aligned at no cost in cycle time: layers without
//      work take exactly 0 ms, so an idle stage can be merged into a neighbour and a stage with two working layers
//      split without slowing anything, and each cut then slid forward to the next working layer
//      (tests/pipeline check this against exhaustive search);
//   3. then the least total memory or boundary traffic (`balance_secondary`).
// Two dynamic programmes over (layers so far, stages so far), O(P·L²) with O(1) stage costs; the second minimises
// the pair (unaligned stages, secondary) — a lexicographic sum, so the principle of optimality holds. No greedy step:
// the result matches exhaustive search (tests/pipeline compare them on random networks).

#include "core/pipeline/partition.h"
#include "core/pipeline/pipeline_costs.h"

namespace dfl {

// The most layers the pipeline module partitions (the optimiser is O(P·L²); README "File formats").
inline constexpr int kMaxPipelineLayers = 2000;

struct OptimalPartition {
    Partition partition;
    double cycleMs = 0;    // its slowest stage
    int unalignedStages = 0;  // 0 whenever the network has ≥ P working layers
    double secondary = 0;  // total memory (MB) or total traffic (MB per mini-batch), by the objective
};

// Throws std::invalid_argument when stages exceeds the layer count.
OptimalPartition optimalPartition(const PipelineCostModel& costs, int stages, SecondaryObjective objective);

// The secondary objective's value for any partition (the same sum the optimiser minimises).
double secondaryCost(const PipelineCostModel& costs, const Partition& partition, SecondaryObjective objective);
// The optimiser's second criterion for any partition (PipelineCostModel::workLayers says what works).
int unalignedStages(const PipelineCostModel& costs, const Partition& partition);

}  // namespace dfl
