// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_analysis.h"

#include "core/pipeline/pipeline_schedule.h"

namespace dfl {

PipelineAnalysis analyzePipeline(const PipelineCostModel& costs, const Partition& partition) {
    PipelineAnalysis a;
    a.partition = partition;
    const PipelineSchedule schedule(partition.stages());
    for (int s = 0; s < partition.stages(); ++s) {
        a.stages.push_back(costs.stage(s + 1, partition.firstLayer(s), partition.lastLayer(s)));
        a.weightUpdateDelays.push_back(schedule.weightUpdateDelay(s + 1));
    }
    for (const StageCost& c : a.stages) {
        a.forwardMbPerBatch += c.inputMb;  // stage 1's input is the batch itself
        if (c.stage > 1) a.backwardMbPerBatch += c.inputMb;
        a.memoryMb += c.memory.totalMb();
        a.singleWorkerMs += c.timeMs();
        if (c.timeMs() > a.cycleMs) {
            a.cycleMs = c.timeMs();
            a.bottleneckStage = c.stage;
        }
    }
    a.throughputSpeedup = a.cycleMs > 0 ? a.singleWorkerMs / a.cycleMs : 0;

    a.dataParallel = costs.dataParallel();
    const double pipelineTraffic = a.forwardMbPerBatch + a.backwardMbPerBatch;
    a.bandwidthReduction = 1 - pipelineTraffic / a.dataParallel.trafficMbPerBatch;
    a.bandwidthRatio = a.dataParallel.trafficMbPerBatch / pipelineTraffic;
    a.memoryReduction = 1 - a.memoryMb / a.dataParallel.totalMb();

    a.optimal = optimalPartition(costs, partition.stages(), costs.config().secondary);
    for (int s = 0; s < a.optimal.partition.stages(); ++s)
        a.optimalStages.push_back(costs.stage(s + 1, a.optimal.partition.firstLayer(s), a.optimal.partition.lastLayer(s)));
    // The same partition is exactly 0 (the two cycle sums round differently in the last bit).
    a.partitionGap = partition == a.optimal.partition || a.optimal.cycleMs <= 0 ? 0 : a.cycleMs / a.optimal.cycleMs - 1;
    return a;
}

TrafficSweep trafficSweep(const PipelineCostModel& costs, const Partition& partition, const std::vector<int>& batches) {
    TrafficSweep sweep;
    sweep.batches = batches;
    std::int64_t forwardValues = costs.cutValuesPerSample(0), backwardValues = 0;
    for (int s = 1; s < partition.stages(); ++s) {
        forwardValues += costs.cutValuesPerSample(partition.firstLayer(s));
        backwardValues += costs.cutValuesPerSample(partition.firstLayer(s));
    }
    const double bytes = costs.config().bytesPerValue;
    const double dataParallel = costs.dataParallel().trafficMbPerBatch;
    for (int b : batches) {
        sweep.forwardMb.push_back(double(forwardValues) * b * bytes / 1e6);
        sweep.backwardMb.push_back(double(backwardValues) * b * bytes / 1e6);
        sweep.dataParallelMb.push_back(dataParallel);
    }
    return sweep;
}

}  // namespace dfl
