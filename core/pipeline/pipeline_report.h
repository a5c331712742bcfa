// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pipeline's MetricsReport: the closed-form figures (with their formulas, values substituted), what the
// cycle-stepped run has measured so far, and the memory assumptions in words.

#include "core/pipeline/pipeline_frame.h"
#include "core/sim/metrics_report.h"

#include <string>

namespace dfl {

struct PipelineState;
struct PipelineConfig;

// state: the cycle-stepped layer-block run (its measured figures); null for the other schedules (schedule_model.h).
MetricsReport pipelineReport(const std::string& scenarioName, const PipelineLayout& layout, const PipelineState* state);

// The memory accounting in sentences, for the report and the views' tooltips.
std::vector<std::string> memoryAssumptionText(const PipelineConfig& config);

}  // namespace dfl
