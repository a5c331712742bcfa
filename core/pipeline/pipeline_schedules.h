// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The schedule family on a configured pipeline: op costs from the stage costs (or uniform), the timelines a layout
// carries, and the memory each schedule needs (every other term as the module's own accounting counts it).

#include "core/pipeline/pipeline_analysis.h"
#include "core/pipeline/pipeline_config.h"
#include "core/pipeline/schedule_family.h"

#include <vector>

namespace dfl {

std::vector<StageOpCosts> stageOpCosts(const PipelineAnalysis& analysis, OpCostModel model);

// Per stage: weights × the versions the schedule keeps, gradients, momentum, activation gradients as counted today,
// and the stash per micro-batch × the schedule's peak (interleaved: per chunk, 1/v of the stage's). layer-block is
// the module's own figure, unchanged.
std::vector<double> scheduleStageMemoryMb(const PipelineAnalysis& analysis, const ScheduleTimeline& timeline);
double scheduleMemoryGb(const PipelineAnalysis& analysis, const ScheduleTimeline& timeline);

}  // namespace dfl
