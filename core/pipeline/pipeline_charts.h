// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pipeline's charts as data (one renderer draws them in the GUI and in batch mode): traffic against batch
// size beside data parallelism, memory per stage, stage balance, and pipeline against data-parallel memory.

#include "core/pipeline/pipeline_frame.h"
#include "core/sim/chart_spec.h"

#include <string>
#include <vector>

namespace dfl {

std::vector<ChartSpec> pipelineCharts(const PipelineLayout& layout);

ChartSpec trafficChart(const PipelineLayout& layout);
ChartSpec stageMemoryChart(const PipelineLayout& layout);
ChartSpec stageBalanceChart(const PipelineLayout& layout);
ChartSpec memoryComparisonChart(const PipelineLayout& layout);
// Each schedule of layout.family as one point: memory against makespan (params.schedule_comparison).
ChartSpec scheduleTradeoffChart(const PipelineLayout& layout);

// "S2: conv2–pool2", the label every pipeline view and chart uses for a stage.
std::string stageLabel(const PipelineLayout& layout, int stage);

}  // namespace dfl
