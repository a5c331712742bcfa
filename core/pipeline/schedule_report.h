// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The schedule family in the pipeline's report (issue 16's keys): the chosen schedule's makespan, bubble, peak
// activations, weight versions and staleness per stage, its memory; the `ops` table that reproduces its diagram;
// with params.schedule_comparison the `schedules` table over all seven.

#include "core/pipeline/pipeline_frame.h"
#include "core/sim/metrics_report.h"

#include <string>

namespace dfl {

std::string scheduleTimeUnit(const PipelineConfig& config);  // "ms" (network costs) or "op" (uniform)

// How the schedule timelines are costed and what the memory figures count, in one sentence group for the report.
std::string scheduleAssumptionText(const PipelineConfig& config);

void addScheduleFigures(MetricsReport& report, const PipelineLayout& layout);
void addScheduleTables(MetricsReport& report, const PipelineLayout& layout);

}  // namespace dfl
