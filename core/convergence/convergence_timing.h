// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Wall time of a training run, from the pipeline module's stage timing: each stage's forward, backward and update
// MACs at the worker's throughput (PipelineCostModel), the optimiser's partition, and the schedule's cycles. Naive
// SGD is one worker running the whole network per mini-batch; a P-stage pipeline finishes one mini-batch per cycle
// of its slowest stage once full.

#include "core/network/network.h"
#include "core/pipeline/partition.h"
#include "core/pipeline/pipeline_costs.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dfl {

struct TimingAssumptions {
    int batch = 32;
    double workerGmacsPerSecond = 10;
    double updateMacsPerWeight = 2;
};

struct ScheduleTiming {
    int stages = 0;                  // 0: naive SGD on one worker
    Partition partition;             // over the network's layers (naive: one block)
    std::vector<StageCost> stageCosts;
    std::vector<int> updateDelays;   // per stage, cycles from the schedule (empty for naive)
    // A schedule of the family (schedule_plan.h): its name, when each global mini-batch is done, and the memory
    // of all stages under it; empty / 0 for naive SGD and the layer-block runs.
    std::string schedule;
    std::vector<double> stepEndMs;   // [mini-batch − 1]
    double memoryGb = 0;
    double cycleMs = 0;              // naive: one mini-batch on one worker; pipeline: the slowest stage
    double singleWorkerMs = 0;       // the whole network on one worker, per mini-batch
    double throughputSpeedup() const { return cycleMs > 0 ? singleWorkerMs / cycleMs : 0; }

    // When every block has applied the update of mini-batch m (for a pipeline: the end of the cycle in which stage 1
    // runs m's backward pass, which includes filling the pipeline).
    double timeAfterMs(std::int64_t miniBatches) const;
};

// The pipeline module's cost model with the convergence run's timing assumptions (batch = samples per pass).
PipelineCostModel convergenceCostModel(std::shared_ptr<const Network> network, int stages, const TimingAssumptions& assumptions);

ScheduleTiming naiveTiming(std::shared_ptr<const Network> network, const TimingAssumptions& assumptions);
// Throws std::invalid_argument when the network has fewer layers than stages.
ScheduleTiming pipelineTiming(std::shared_ptr<const Network> network, int stages, const TimingAssumptions& assumptions);

}  // namespace dfl
