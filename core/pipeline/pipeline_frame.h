// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the pipeline views draw at one cycle: each stage's forward / backward (or idle) and the transfers between
// neighbours, plus the shared, immutable closed-form figures of the configuration (stage layers, times, memory).

#include "core/pipeline/pipeline_analysis.h"
#include "core/pipeline/pipeline_config.h"
#include "core/pipeline/pipeline_memory_range.h"
#include "core/pipeline/schedule_family.h"
#include "core/sim/frame.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dfl {

struct StageActivity {
    std::int64_t forwardMiniBatch = 0;   // 0: no forward pass this cycle
    std::int64_t backwardMiniBatch = 0;  // 0: no backward pass (and no weight update) this cycle
    bool errorCalculation = false;       // the last stage's backward starts from the loss
    int held = 0;                        // mini-batches whose activations the stage holds after the cycle
    int peakHeld = 0;                    // the most it has held so far
    std::int64_t lastDelay = -1;         // cycles from forward to update of the latest updated mini-batch; −1: none yet
    bool idle() const { return forwardMiniBatch == 0 && backwardMiniBatch == 0; }
};

enum class TransferKind { Input, Activation, Gradient };

struct Transfer {
    TransferKind kind = TransferKind::Activation;
    int fromStage = 0, toStage = 1;  // 0 is the input memory
    std::int64_t miniBatch = 0;
    double megabytes = 0;
};

struct PipelineLayout {
    PipelineConfig config;
    std::string networkName;
    std::vector<std::string> layerNames;  // all layers, in order
    std::int64_t miniBatches = 0;
    std::shared_ptr<const PipelineAnalysis> analysis;
    TrafficSweep traffic;  // batch 1..256, for the traffic chart
    MemoryRange memoryRange;  // over the documented accountings, for the published memory figures

    // The schedule family (docs/schedules.md) on this partition and these stage costs.
    std::vector<StageOpCosts> opCosts;                        // [stage − 1], as params.op_costs says
    std::shared_ptr<const ScheduleTimeline> timeline;         // params.schedule's
    std::shared_ptr<const ScheduleTimeline> compareTimeline;  // params.compare_schedule's; null when "none"
    std::vector<std::shared_ptr<const ScheduleTimeline>> family;  // all seven (scheduleNames() order) when
                                                                  // params.schedule_comparison; else empty
    // Σ stage memory under `timeline` (schedule_memory_gb) and the same for each of `family`.
    double scheduleMemoryGb = 0;
    std::vector<double> familyMemoryGb;
};

struct PipelineFrame : Frame {
    std::shared_ptr<const PipelineLayout> layout;
    std::vector<StageActivity> stages;  // [stage − 1]
    std::vector<Transfer> transfers;    // sent this cycle (they arrive next cycle)
    std::int64_t completedMiniBatches = 0;  // back-propagated through stage 1
    // Where this frame stands on layout->timeline's time axis: the start of the cycle (layer-block) or of the op
    // event (the other schedules) the frame shows; 0 before the first step.
    double scheduleTime = 0;
};

}  // namespace dfl
