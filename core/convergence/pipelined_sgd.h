// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Mini-batch SGD as the layer-block-wise pipeline computes it (seed 001, "Process flow"): the network is cut into P
// blocks, each with a single weight copy. Block S runs the forward pass of mini-batch m with the weights it holds
// in that cycle, and applies m's gradient 2P−2S+1 cycles later; the backward pass in between reads the weights as
// they are then (no weight stashing). Which weight version each pass reads comes from PipelineSchedule, the
// pipeline module's timetable — nothing here restates the delay formula.
//
// The passes run in mini-batch order rather than cycle order: mini-batch m's forward and backward, then its
// update, then m+1. That gives the same arithmetic, because a pass of block S reads only block S's weights, and
// the schedule says which version; the blocks keep the versions a later forward pass will still read.

#include "core/pipeline/pipeline_schedule.h"
#include "core/training/sequential_net.h"
#include "core/training/sgd_trainer.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace dfl {

struct WeightVersions {  // per block 1..P (index S − 1): updates applied to the weights a pass read
    std::vector<std::int64_t> forward, backward;
};

class PipelinedSgd {
public:
    // blockOfLayer: per training layer of `net`, its block 1..stages (non-decreasing; a block may hold no weights).
    // net and optimizer must outlive this trainer. weightStashing: the backward pass reads the same version as the
    // forward pass did (PipeDream's remedy), for comparison.
    // Within a cycle the passes follow the schedule's one order (kIntraCycleOrder: P = 1 is naive SGD).
    PipelinedSgd(SequentialNet& net, SgdOptimizer& optimizer, std::vector<int> blockOfLayer, int stages,
                 bool weightStashing = false);

    // Trains the next mini-batch (numbered from 1); returns its mean loss.
    double trainMiniBatch(const Matrix& inputs, const std::vector<int>& labels);

    const PipelineSchedule& schedule() const { return schedule_; }
    std::int64_t miniBatches() const { return done_; }
    const WeightVersions& lastVersions() const { return last_; }  // of the last mini-batch trained
    WeightVersions versionsFor(std::int64_t miniBatch) const;     // what the schedule prescribes

    // Old weight versions still to be read, for checkpoints (the current weights live in the net).
    struct Snapshot {
        std::int64_t version = 0;
        std::vector<Matrix> values;  // one per parameter slot of the block
    };
    const std::vector<std::deque<Snapshot>>& snapshots() const { return snapshots_; }
    // Restores a checkpoint: the net already holds the weights after `done` updates.
    void restore(std::int64_t done, std::vector<std::deque<Snapshot>> snapshots);

private:
    void load(int block, std::int64_t version);  // writes that version into the block's parameters
    void remember(int block);                    // keeps the block's current weights as version done_
    void forget(int block, std::int64_t oldestNeeded);

    SequentialNet& net_;
    SgdOptimizer& optimizer_;
    PipelineSchedule schedule_;
    bool weightStashing_;
    std::vector<std::vector<ParamSlot>> blockSlots_;  // [block − 1]
    std::vector<std::deque<Snapshot>> snapshots_;     // [block − 1], oldest first, ending with the current version
    std::vector<std::int64_t> loaded_;                // [block − 1]: the version the parameters hold now
    std::int64_t done_ = 0;
    WeightVersions last_;
};

}  // namespace dfl
