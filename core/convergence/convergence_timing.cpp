// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/convergence_timing.h"

#include "core/pipeline/partition_optimizer.h"
#include "core/pipeline/pipeline_analysis.h"
#include "core/pipeline/pipeline_schedule.h"

#include <algorithm>

namespace dfl {

PipelineCostModel convergenceCostModel(std::shared_ptr<const Network> network, int stages, const TimingAssumptions& a) {
    PipelineConfig config;
    config.stages = stages;
    config.workers = stages;
    config.batch = a.batch;
    config.workerGmacsPerSecond = a.workerGmacsPerSecond;
    config.updateMacsPerWeight = a.updateMacsPerWeight;
    return PipelineCostModel(std::move(network), config);
}

double ScheduleTiming::timeAfterMs(std::int64_t miniBatches) const {
    if (miniBatches <= 0) return 0;
    if (!stepEndMs.empty()) return stepEndMs.at(size_t(std::min<std::int64_t>(miniBatches, std::int64_t(stepEndMs.size())) - 1));
    if (stages == 0) return double(miniBatches) * cycleMs;
    return double(PipelineSchedule(stages).backwardCycle(miniBatches, 1)) * cycleMs;
}

ScheduleTiming naiveTiming(std::shared_ptr<const Network> network, const TimingAssumptions& assumptions) {
    const PipelineCostModel costs = convergenceCostModel(network, 1, assumptions);
    ScheduleTiming t;
    t.partition = Partition::evenByLayers(network->size(), 1);
    t.stageCosts.push_back(costs.stage(1, 0, network->size() - 1));
    t.singleWorkerMs = t.cycleMs = t.stageCosts.front().timeMs();
    return t;
}

ScheduleTiming pipelineTiming(std::shared_ptr<const Network> network, int stages, const TimingAssumptions& assumptions) {
    const PipelineCostModel costs = convergenceCostModel(network, stages, assumptions);
    const OptimalPartition best = optimalPartition(costs, stages, SecondaryObjective::Memory);
    const PipelineAnalysis analysis = analyzePipeline(costs, best.partition);
    ScheduleTiming t;
    t.stages = stages;
    t.partition = best.partition;
    t.stageCosts = analysis.stages;
    t.updateDelays = analysis.weightUpdateDelays;
    t.cycleMs = analysis.cycleMs;
    t.singleWorkerMs = analysis.singleWorkerMs;
    return t;
}

}  // namespace dfl
