// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/schedule_plan.h"

#include "core/pipeline/partition_optimizer.h"
#include "core/pipeline/pipeline_analysis.h"
#include "core/pipeline/pipeline_schedules.h"
#include "core/pipeline/schedule_family.h"

#include <algorithm>
#include <stdexcept>

namespace dfl {

ScheduleTrainingPlan scheduleTrainingPlan(const std::string& schedule, std::shared_ptr<const Network> network, int stages,
                                          int microBatches, std::int64_t steps, const TimingAssumptions& timing) {
    if (microBatches < 1 || timing.batch % microBatches != 0)
        throw std::invalid_argument("the mini-batch must split into whole micro-batches");
    TimingAssumptions perMicroBatch = timing;
    perMicroBatch.batch = timing.batch / microBatches;
    const PipelineCostModel costs = convergenceCostModel(network, stages, perMicroBatch);
    const PipelineAnalysis analysis = analyzePipeline(costs, optimalPartition(costs, stages, SecondaryObjective::Memory).partition);
    const std::vector<StageOpCosts> opCosts = stageOpCosts(analysis, OpCostModel::Network);

    ScheduleTrainingPlan plan;
    ScheduleTiming& t = plan.timing;
    t.stages = stages;
    t.partition = analysis.partition;
    t.stageCosts = analysis.stages;
    t.cycleMs = analysis.cycleMs;
    t.singleWorkerMs = analysis.singleWorkerMs;
    t.schedule = schedule;
    plan.versions.stages = stages;
    if (isSynchronousSchedule(schedule)) {
        // One flush per global batch: every step takes the same makespan, and every pass reads the step's weights.
        const ScheduleTimeline one = generateSchedule(schedule, stages, microBatches, kTrainingVirtualStages, opCosts);
        for (std::int64_t n = 1; n <= steps; ++n) t.stepEndMs.push_back(double(n) * one.makespan);
        t.memoryGb = scheduleMemoryGb(analysis, one);
        plan.versions.microBatchesPerUpdate = microBatches;
        return plan;
    }
    // The whole stream: an asynchronous pipeline never flushes, so versions and times come from one long timeline.
    const std::int64_t total = steps * microBatches;
    const ScheduleTimeline stream = generateSchedule(schedule, stages, int(total), 1, opCosts);
    const int group = schedule == "pipedream-2bw" ? stages : 1;  // updateOfMicroBatch's groups
    if (microBatches % group != 0)
        throw std::invalid_argument("pipedream-2bw updates every P micro-batches: m must be a multiple of P");
    plan.versions.microBatchesPerUpdate = group;
    plan.versions.forward.assign(size_t(stages), std::vector<std::int64_t>(size_t(total), 0));
    plan.versions.backward = plan.versions.forward;
    t.stepEndMs.assign(size_t(steps), 0);
    for (const ScheduledOp& o : stream.ops) {
        const size_t s = size_t(o.stage - 1), k = size_t(o.microBatch - 1);
        if (o.op == ScheduleOpKind::Forward) plan.versions.forward[s][k] = o.weightVersion;
        if (o.op == ScheduleOpKind::Backward) plan.versions.backward[s][k] = o.weightVersion;
        // A global batch is done when stage 1 has back-propagated (and applied) its last micro-batch.
        if (o.stage == 1 && o.microBatch % microBatches == 0)
            t.stepEndMs[size_t(o.microBatch / microBatches - 1)] = std::max(t.stepEndMs[size_t(o.microBatch / microBatches - 1)], o.end);
    }
    t.memoryGb = scheduleMemoryGb(analysis, stream);
    return plan;
}

}  // namespace dfl
