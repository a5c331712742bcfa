// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Unbounded step-back: checkpoints (serialised model state) every K cycles plus deterministic replay.
// When the number of checkpoints exceeds a cap, every other one is dropped and K doubles, so memory stays
// bounded for arbitrarily long runs and going back costs at most K replayed cycles.

#include "core/sim/clocked_model.h"

#include <cstdint>
#include <map>
#include <string>

namespace dfl {

class History {
public:
    explicit History(ClockedModel& model, std::int64_t interval = 64, std::size_t maxCheckpoints = 1024);

    void reset();               // resets the model and records cycle 0
    // Takes the model where it is (run elsewhere, e.g. by batch mode before an export) without replaying it:
    // records its current cycle; going back before that cycle resets the model and replays from 0.
    void adopt();
    void step();                // steps the model, checkpointing on the interval
    void runUntil(std::int64_t target);  // forward in one go (the model may skip predictable cycles)
    void seek(std::int64_t target);      // to any cycle, earlier or later
    void stepBack() { if (model_.cycle() > 0) seek(model_.cycle() - 1); }

    std::int64_t interval() const { return interval_; }
    std::size_t checkpointCount() const { return checkpoints_.size(); }
    std::size_t checkpointBytes() const;

private:
    void record();
    void thin();

    ClockedModel& model_;
    std::int64_t interval_;
    std::size_t maxCheckpoints_;
    std::map<std::int64_t, std::string> checkpoints_;  // cycle -> state
};

}  // namespace dfl
