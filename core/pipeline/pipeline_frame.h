// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the pipeline views draw at one cycle: each stage's forward / backward (or idle) and the transfers between
// neighbours, plus the shared, immutable closed-form figures of the configuration (stage layers, times, memory).

#include "core/pipeline/pipeline_analysis.h"
#include "core/energy/energy_table.h"
#include "core/pipeline/pipeline_config.h"
#include "core/pipeline/pipeline_memory_range.h"
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
    std::shared_ptr<const EnergyTable> energy;  // config.energy loaded, overrides applied (pipeline_energy.h)
};

struct PipelineFrame : Frame {
    std::shared_ptr<const PipelineLayout> layout;
    std::vector<StageActivity> stages;  // [stage − 1]
    std::vector<Transfer> transfers;    // sent this cycle (they arrive next cycle)
    std::int64_t completedMiniBatches = 0;  // back-propagated through stage 1
};

}  // namespace dfl
