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
#include <optional>
#include <vector>

namespace dfl {

struct WeightVersions {  // per block 1..P (index S − 1): updates applied to the weights a pass read
    std::vector<std::int64_t> forward, backward;
};

// Another schedule of the pipeline family (docs/schedules.md "Training"): the weight versions its timeline gives each
// block's passes, and how many micro-batches' gradients each update accumulates (schedule_plan.h builds it).
struct WeightVersionPlan {
    int stages = 1;
    int microBatchesPerUpdate = 1;  // G: an update after every G-th micro-batch, with the mean of their gradients
    // [block − 1][micro-batch − 1]: versions the forward / backward pass reads. Empty: the synchronous rule — every
    // pass of update group g reads version g − 1, the weights naive SGD would use.
    std::vector<std::vector<std::int64_t>> forward, backward;
};

class PipelinedSgd {
public:
    // blockOfLayer: per training layer of `net`, its block 1..stages (non-decreasing; a block may hold no weights).
    // net and optimizer must outlive this trainer. weightStashing: the backward pass reads the same version as the
    // forward pass did (PipeDream's remedy), for comparison.
    // Within a cycle the passes follow the schedule's one order (kIntraCycleOrder: P = 1 is naive SGD).
    PipelinedSgd(SequentialNet& net, SgdOptimizer& optimizer, std::vector<int> blockOfLayer, int stages,
                 bool weightStashing = false);
    // A schedule of the family: the passes of micro-batch k read the plan's versions, and an update lands after
    // every G-th micro-batch (G = 1 with the plan's versions is what the constructor above does for layer-block).
    PipelinedSgd(SequentialNet& net, SgdOptimizer& optimizer, std::vector<int> blockOfLayer, WeightVersionPlan plan);

    // Trains the next mini-batch (numbered from 1; a micro-batch under a plan); returns its mean loss.
    double trainMiniBatch(const Matrix& inputs, const std::vector<int>& labels);

    const PipelineSchedule& schedule() const { return schedule_; }
    std::int64_t miniBatches() const { return done_; }
    std::int64_t updates() const { return updates_; }
    const WeightVersions& lastVersions() const { return last_; }  // of the last mini-batch trained
    WeightVersions versionsFor(std::int64_t miniBatch) const;     // what the schedule prescribes

    // Old weight versions still to be read, for checkpoints (the current weights live in the net).
    struct Snapshot {
        std::int64_t version = 0;
        std::vector<Matrix> values;  // one per parameter slot of the block
    };
    const std::vector<std::deque<Snapshot>>& snapshots() const { return snapshots_; }
    // Restores a checkpoint after `done` mini-batches, at the end of an update group: the net already holds the
    // newest weights.
    void restore(std::int64_t done, std::vector<std::deque<Snapshot>> snapshots);

private:
    void load(int block, std::int64_t version);  // writes that version into the block's parameters
    void remember(int block);                    // keeps the block's current weights as version updates_
    void accumulate();                           // adds the gradients backward() left to the group's sum
    void forget(int block, std::int64_t oldestNeeded);

    SequentialNet& net_;
    SgdOptimizer& optimizer_;
    PipelineSchedule schedule_;
    bool weightStashing_;
    std::optional<WeightVersionPlan> plan_;  // a schedule of the family; empty: layer-block from schedule_
    std::vector<std::vector<ParamSlot>> blockSlots_;  // [block − 1]
    std::vector<std::deque<Snapshot>> snapshots_;     // [block − 1], oldest first, ending with the current version
    std::vector<std::int64_t> loaded_;                // [block − 1]: the version the parameters hold now
    std::int64_t done_ = 0;
    std::int64_t updates_ = 0;
    std::vector<Matrix> gradientSum_;  // the open update group's gradients (plans with G > 1)
    WeightVersions last_;
};

}  // namespace dfl
