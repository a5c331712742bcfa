// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// From op orders to a timeline: every stage runs its program in turn, each op starting as soon as its stage is free
// and its inputs have arrived (hand-offs take no time: docs/schedules.md "Cost model"). Then the figures every
// schedule reports, read off the ops alone.

#include "core/pipeline/schedule_family.h"
#include "core/pipeline/schedule_orders.h"

#include <string>
#include <vector>

namespace dfl {

// Throws std::logic_error when the programs deadlock (an op waits for one that its order puts later).
ScheduleTimeline timeSchedule(const std::string& name, int stages, int microBatches, int virtualStages,
                              const std::vector<StageProgram>& programs, const std::vector<StageOpCosts>& costs);

// Sorts the ops by (stage, start) and fills makespan, bubble, throughput, peak activations (a micro-batch chunk is
// held from its forward's start to the end of its last backward op: W where split, else B), weight versions (the
// versions in-flight micro-batches read, plus the newest) and staleness (sequential SGD's version minus the one a
// forward reads).
void summarizeTimeline(ScheduleTimeline& timeline);

}  // namespace dfl
