// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The closed-form figures of a partitioned network as a layer-block-wise pipeline, beside data parallelism with a
// parameter server: what full networks (VGG-F, ResNet) need in microseconds, and what the cycle-stepped model is
// checked against.

#include "core/pipeline/partition.h"
#include "core/pipeline/partition_optimizer.h"
#include "core/pipeline/pipeline_costs.h"

#include <vector>

namespace dfl {

struct PipelineAnalysis {
    Partition partition;
    std::vector<StageCost> stages;
    std::vector<int> weightUpdateDelays;  // per stage, from the schedule

    double forwardMbPerBatch = 0;   // input batch + activations crossing every boundary
    double backwardMbPerBatch = 0;  // gradients crossing every boundary
    double memoryMb = 0;            // Σ stage memory
    double cycleMs = 0;             // the slowest stage
    int bottleneckStage = 1;        // 1..P, the first slowest on ties
    double singleWorkerMs = 0;      // one worker running the whole network: Σ stage times
    double throughputSpeedup = 0;   // singleWorkerMs / cycleMs (steady state: one mini-batch per cycle)

    DataParallelCost dataParallel;
    double bandwidthReduction = 0;  // 1 − pipeline traffic / data-parallel traffic
    double bandwidthRatio = 0;      // data-parallel traffic / pipeline traffic (the talk's "1/36.4")
    double memoryReduction = 0;     // 1 − pipeline memory / data-parallel memory

    OptimalPartition optimal;       // the optimiser's partition for the same P
    std::vector<StageCost> optimalStages;
    double partitionGap = 0;        // cycleMs / optimal.cycleMs − 1 (0: the user's partition is optimal)

    double utilization(int stage) const { return cycleMs > 0 ? stages.at(size_t(stage - 1)).timeMs() / cycleMs : 0; }
};

PipelineAnalysis analyzePipeline(const PipelineCostModel& costs, const Partition& partition);

struct TrafficSweep {
    std::vector<int> batches;
    std::vector<double> forwardMb, backwardMb, dataParallelMb;  // per mini-batch
};
// Traffic at each batch size for the same partition (traffic is linear in the batch; W is not).
TrafficSweep trafficSweep(const PipelineCostModel& costs, const Partition& partition, const std::vector<int>& batches);

}  // namespace dfl
