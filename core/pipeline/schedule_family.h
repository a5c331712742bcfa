// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pipeline-schedule family on one time axis (issue 16, docs/schedules.md): the layer-block-wise pipeline of the
// Kobe talk beside GPipe, 1F1B, interleaved 1F1B, ZB-H1, PipeDream and PipeDream-2BW. Each schedule is a per-stage
// op order (schedule_orders.cpp, from the papers and PyTorch's torch.distributed.pipelining); one list scheduler
// (schedule_timing.cpp) gives every op its start and end from per-stage costs and the dependencies, so the same
// costs give every schedule's makespan, bubble, memory and staleness. layer-block is not re-derived: its timeline
// is read off PipelineSchedule, the one definition the pipeline and convergence modules already share.

#include <string>
#include <vector>

namespace dfl {

// F, B, W, U. B is the input-gradient half of the backward pass where a schedule splits it from the weight
// gradient W (zb-h1); elsewhere B is the whole backward pass and there are no W ops.
enum class ScheduleOpKind { Forward, Backward, WeightGrad, Update };

struct ScheduledOp {
    int stage = 1;          // 1..P
    double start = 0, end = 0;  // in the cost model's time unit (ms with network costs, op units with uniform ones)
    ScheduleOpKind op = ScheduleOpKind::Forward;
    int microBatch = 1;     // from 1 (U: the last micro-batch whose gradient the update applies)
    int chunk = 0;          // 0..v−1: the model chunk (interleaved-1f1b); 0 elsewhere
    int weightVersion = 0;  // F/B/W: updates applied to the weights the op reads; U: the version it writes
};

struct ScheduleTimeline {
    std::string schedule;  // "layer-block", "gpipe", "1f1b", "interleaved-1f1b", "zb-h1", "pipedream", "pipedream-2bw"
    int stages = 0, microBatches = 0, virtualStages = 1;
    std::vector<ScheduledOp> ops;  // every op, sorted by (stage, start)
    double makespan = 0;           // last op's end
    double bubbleFraction = 0;     // idle / (P × makespan)
    double throughputSpeedup = 0;  // busy time of all stages / makespan: one device running every op in turn
    std::vector<int> peakActivations;  // [stage − 1]: micro-batches (interleaved: micro-batch chunks) held at the peak
    std::vector<int> weightVersions;   // [stage − 1]: most weight versions the stage keeps at once
    int weightVersionsMax = 0;         // the most over the stages
    std::vector<int> staleness;        // [stage − 1]: updates the stage's forward passes miss against sequential SGD
};

// One stage's cost per micro-batch for the whole stage (a chunk of v costs 1/v of it).
struct StageOpCosts {
    double forward = 1;
    double backward = 1;    // input gradients (B)
    double weightGrad = 1;  // weight gradients (W); a schedule that does not split runs B + W as one op
    double update = 0;      // the weight update (U)
};

// "uniform" costs: F = B = W = 1, U = 0 — the convention of the closed forms (docs/schedules.md).
std::vector<StageOpCosts> uniformOpCosts(int stages);

// The seven names, in the order of docs/schedules.md (layer-block first: the module's default).
const std::vector<std::string>& scheduleNames();
bool isScheduleName(const std::string& name);
// gpipe, 1f1b, interleaved-1f1b and zb-h1 flush and update once per m micro-batches: every forward pass reads the
// same weights, so they compute the gradient of naive SGD on the global batch.
bool isSynchronousSchedule(const std::string& name);
std::string scheduleOpLetter(ScheduleOpKind op);  // "F", "B", "W", "U"

// Every op of `name` for P = stages and m = microBatches, timed with costs[stage − 1]. virtualStages (v) is read by
// interleaved-1f1b only (the others have v = 1). layer-block counts its peak the way the pipeline module's memory
// accounting asks (forwardBeforeBackward, MemoryAssumptions). Throws std::invalid_argument for an unknown name or
// a shape the schedule does not support (interleaved: m must be a multiple of its rounds, max(1, m / P)).
ScheduleTimeline generateSchedule(const std::string& name, int stages, int microBatches, int virtualStages,
                                  const std::vector<StageOpCosts>& costs, bool forwardBeforeBackward = true);

// The first broken rule of docs/schedules.md "Dependencies" (empty: none): per micro-batch and chunk F before B
// before W on a stage; F of the next virtual stage after F; B after B of the next virtual stage; every F, B (and W
// where split) present once; no stage runs two ops at once.
std::string scheduleDependencyViolation(const ScheduleTimeline& timeline);

}  // namespace dfl
