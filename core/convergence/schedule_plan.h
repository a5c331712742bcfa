// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Training under a schedule of the pipeline family (docs/schedules.md "Training"): every global mini-batch is split
// into m micro-batches; the schedule's timeline (the pipeline module's, with this run's stage costs at the
// micro-batch size) says which weight version each block's passes read and when each mini-batch is done.
// Synchronous schedules read one version per global batch and update once with the mean gradient — naive SGD with
// gradient accumulation; asynchronous ones (layer-block, pipedream, pipedream-2bw) read what their timeline gives.

#include "core/convergence/convergence_timing.h"
#include "core/convergence/pipelined_sgd.h"
#include "core/network/network.h"

#include <cstdint>
#include <memory>
#include <string>

namespace dfl {

struct ScheduleTrainingPlan {
    WeightVersionPlan versions;
    ScheduleTiming timing;  // the optimiser's partition at the micro-batch size; stepEndMs, memoryGb, schedule set
};

// steps: global mini-batches the run trains (the stream an asynchronous timeline spans). Throws std::invalid_argument
// when the schedule cannot run this shape (pipedream-2bw: m a multiple of P, so updates end with global batches).
ScheduleTrainingPlan scheduleTrainingPlan(const std::string& schedule, std::shared_ptr<const Network> network, int stages,
                                          int microBatches, std::int64_t steps, const TimingAssumptions& timing);

// v of interleaved-1f1b in training: two chunks per stage (it changes the time axis, not the arithmetic).
inline constexpr int kTrainingVirtualStages = 2;

}  // namespace dfl
