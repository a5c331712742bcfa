// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The cycle-stepped layer-block-wise pipeline: mini-batches travel as tokens through per-stage inboxes, one
// hand-off per cycle, each stage doing at most one forward and one backward (with its weight update) per cycle.
// Nothing here knows the delay formula; the tests check that the tokens reproduce PipelineSchedule and
// 2P − 2S + 1. Once the pipeline is full every cycle is the previous one shifted by one mini-batch, so
// runUntil skips those cycles in one step.

#include "core/pipeline/pipeline_frame.h"
#include "core/pipeline/pipeline_schedule.h"
#include "core/sim/clocked_model.h"

#include <boost/serialization/access.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dfl {

struct PipelineStageState {
    std::vector<std::int64_t> activationInbox;  // mini-batches whose input activations have arrived
    std::vector<std::int64_t> gradientInbox;    // mini-batches whose output gradients (or error) have arrived
    std::vector<std::int64_t> heldMiniBatch;    // stashed activations: which mini-batch ...
    std::vector<std::int64_t> heldSince;        // ... forwarded in which cycle
    std::int64_t forwards = 0, backwards = 0;
    std::int64_t peakHeld = 0;
    std::int64_t lastDelay = -1;
    std::int64_t forwardNow = 0, backwardNow = 0;  // this cycle's work (0: idle)

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & activationInbox & gradientInbox & heldMiniBatch & heldSince & forwards & backwards & peakHeld & lastDelay &
            forwardNow & backwardNow;
    }
};

struct PipelineTransferState {
    int kind = 0, from = 0, to = 0;
    std::int64_t miniBatch = 0;
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) { ar & kind & from & to & miniBatch; }
};

struct PipelineState {
    std::int64_t cycle = 0;    // cycles completed; the next step runs cycle `cycle + 1`
    std::int64_t entered = 0;  // mini-batches fed into stage 1
    std::vector<PipelineStageState> stages;
    std::vector<PipelineTransferState> transfers;  // sent in the latest cycle
    std::int64_t activationTransfers = 0, gradientTransfers = 0;  // counted over the run

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & cycle & entered & stages & transfers & activationTransfers & gradientTransfers;
    }
};

class PipelineModel final : public ClockedModel {
public:
    // layout->analysis must be set; layout->miniBatches is the run length; layout->config is the configuration.
    PipelineModel(std::string scenarioName, std::shared_ptr<const PipelineLayout> layout);

    void reset() override;
    void step() override;
    void runUntil(std::int64_t target) override;
    std::int64_t cycle() const override { return state_.cycle; }
    bool done() const override;
    std::int64_t expectedCycles() const override { return schedule_.totalCycles(); }

    FramePtr frame() const override;
    MetricsReport metrics() const override;
    std::vector<ChartSpec> charts() const override;
    Trace trace() const override;  // pipeline_trace.cpp

    std::string saveState() const override;
    void loadState(const std::string& bytes) override;

    const PipelineState& state() const { return state_; }
    const PipelineSchedule& schedule() const { return schedule_; }
    const PipelineLayout& layout() const { return *layout_; }

private:
    int stages() const { return int(state_.stages.size()); }
    void forward(int stage, std::vector<PipelineStageState>& next);
    void backward(int stage, std::vector<PipelineStageState>& next);
    void skipFullCycles(std::int64_t count);

    std::string scenarioName_;
    std::shared_ptr<const PipelineLayout> layout_;
    PipelineSchedule schedule_;
    PipelineState state_;
};

}  // namespace dfl
