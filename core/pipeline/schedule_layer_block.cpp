// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/schedule_layer_block.h"

#include "core/pipeline/pipeline_schedule.h"
#include "core/pipeline/schedule_timing.h"

#include <algorithm>

namespace dfl {

ScheduleTimeline layerBlockTimeline(int stages, int microBatches, const std::vector<StageOpCosts>& costs,
                                    bool forwardBeforeBackward) {
    const PipelineSchedule schedule(stages, microBatches);
    double cycle = 0;
    for (const StageOpCosts& c : costs) cycle = std::max(cycle, c.forward + c.backward + c.weightGrad + c.update);
    ScheduleTimeline t;
    t.schedule = "layer-block";
    t.stages = stages;
    t.microBatches = microBatches;
    for (std::int64_t T = 1; T <= schedule.totalCycles(); ++T) {
        for (int s = 1; s <= stages; ++s) {
            const StageOpCosts& c = costs[size_t(s - 1)];
            double at = double(T - 1) * cycle;
            auto backward = [&] {
                const auto m = schedule.backwardMiniBatch(T, s);
                if (!m) return;
                const int mb = int(*m);
                const double b = at + c.backward + c.weightGrad;
                t.ops.push_back({s, at, b, ScheduleOpKind::Backward, mb, 0, int(schedule.updatesBeforeBackward(*m, s))});
                t.ops.push_back({s, b, b + c.update, ScheduleOpKind::Update, mb, 0, mb});  // updates run in order
                at = b + c.update;
            };
            auto forward = [&] {
                const auto m = schedule.forwardMiniBatch(T, s);
                if (!m) return;
                t.ops.push_back({s, at, at + c.forward, ScheduleOpKind::Forward, int(*m), 0,
                                 int(schedule.updatesBeforeForward(*m, s))});
                at += c.forward;
            };
            if constexpr (kIntraCycleOrder == IntraCycleOrder::BackwardFirst) {
                backward();
                forward();
            } else {
                forward();
                backward();
            }
        }
    }
    summarizeTimeline(t);
    // Today's accounting, not re-counted: the peak as the module's memory figures count it, and one weight copy —
    // the backward pass reads the weights as they are then, so no version is stashed.
    for (int s = 1; s <= stages; ++s) {
        t.peakActivations[size_t(s - 1)] = schedule.peakInFlight(s, forwardBeforeBackward);
        t.weightVersions[size_t(s - 1)] = 1;
    }
    t.weightVersionsMax = 1;
    return t;
}

}  // namespace dfl
