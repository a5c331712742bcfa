// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_schedules.h"

namespace dfl {

std::vector<StageOpCosts> stageOpCosts(const PipelineAnalysis& analysis, OpCostModel model) {
    if (model == OpCostModel::Uniform) return uniformOpCosts(int(analysis.stages.size()));
    std::vector<StageOpCosts> costs;
    for (const StageCost& c : analysis.stages) costs.push_back({c.forwardMs, c.backwardInputMs, c.backwardWeightMs, c.updateMs});
    return costs;
}

std::vector<double> scheduleStageMemoryMb(const PipelineAnalysis& analysis, const ScheduleTimeline& timeline) {
    std::vector<double> mb;
    for (const StageCost& c : analysis.stages) {
        const StageMemory& m = c.memory;
        if (timeline.schedule == "layer-block") {
            mb.push_back(m.totalMb());
            continue;
        }
        const size_t s = size_t(c.stage - 1);
        const double versions = timeline.weightVersions.at(s);
        const double stash = m.stashPerMiniBatchMb / timeline.virtualStages * timeline.peakActivations.at(s);
        mb.push_back(versions * m.weightsMb + m.weightGradientsMb + m.momentumMb + stash + m.activationGradientsMb);
    }
    return mb;
}

double scheduleMemoryGb(const PipelineAnalysis& analysis, const ScheduleTimeline& timeline) {
    double total = 0;
    for (double mb : scheduleStageMemoryMb(analysis, timeline)) total += mb;
    return total / 1e3;
}

}  // namespace dfl
