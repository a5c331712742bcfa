// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The layer-block-wise pipeline as a timeline of the family, read off PipelineSchedule (its one definition): every
// cycle is as long as the slowest stage's F + B + W + U, a stage runs at most one backward (with its update) and one
// forward per cycle, in kIntraCycleOrder, and every hand-off takes a cycle — hence the delay 2P − 2S + 1.

#include "core/pipeline/schedule_family.h"

#include <vector>

namespace dfl {

ScheduleTimeline layerBlockTimeline(int stages, int microBatches, const std::vector<StageOpCosts>& costs,
                                    bool forwardBeforeBackward);

}  // namespace dfl
