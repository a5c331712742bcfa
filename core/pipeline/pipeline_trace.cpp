// SPDX-License-Identifier: GPL-3.0-or-later
// The pipeline's timeline: one track per stage. Pipeline cycle T lasts the cycle time (the slowest stage) and
// starts at (T − 1) × cycle time; in it, stage S runs the forward pass the schedule gives (F), then the backward
// pass (B: error and weight gradients, timed together as the cost model times them) and the weight update (U),
// each for its mini-batch. So each stage's slices add up to its busy time, and its idle time is the gap.
#include "core/pipeline/pipeline_model.h"

namespace dfl {

Trace PipelineModel::trace() const {
    Trace t;
    const PipelineAnalysis& a = *layout_->analysis;
    constexpr int pid = 1;
    for (int s = 1; s <= stages(); ++s) {
        const StageCost& c = a.stages[size_t(s - 1)];
        t.addTrack(pid, s, "Pipeline (" + layout_->networkName + ")",
                   "stage " + std::to_string(s) + " (" + layout_->layerNames[size_t(c.firstLayer)] + " … " +
                       layout_->layerNames[size_t(c.lastLayer)] + ")");
    }
    const double cycleUs = a.cycleMs * 1000;
    for (std::int64_t cycle = 1; cycle <= state_.cycle; ++cycle) {
        for (int s = 1; s <= stages(); ++s) {
            const StageCost& c = a.stages[size_t(s - 1)];
            double at = double(cycle - 1) * cycleUs;
            auto slice = [&](const char* name, const char* category, double ms, std::int64_t miniBatch,
                             std::int64_t weightVersion) {
                const bool room = t.addSlice({pid, s, name, category, at, ms * 1000,
                                              {{"mini_batch", miniBatch},
                                               {"weight_version", weightVersion},
                                               {"pipeline_cycle", cycle}}});
                at += ms * 1000;
                return room;
            };
            if (const auto m = schedule_.forwardMiniBatch(cycle, s))
                if (!slice("F", "forward", c.forwardMs, *m, schedule_.updatesBeforeForward(*m, s))) return t;
            if (const auto m = schedule_.backwardMiniBatch(cycle, s)) {
                const std::int64_t version = schedule_.updatesBeforeBackward(*m, s);
                if (!slice("B", "backward", c.backwardMs, *m, version)) return t;
                if (!slice("U", "update", c.updateMs, *m, version + 1)) return t;  // the version it writes
            }
        }
    }
    t.addNote("pipeline: F forward, B backward (error and weight gradients together, as the cost model times them), "
              "U weight update; weight_version = updates the stage had applied before the pass (U: the one it writes)");
    return t;
}

}  // namespace dfl
