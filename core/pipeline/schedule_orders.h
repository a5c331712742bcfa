// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Each schedule of the family as a per-stage op order — a program every stage runs in turn, as a framework's
// runtime does (PyTorch's pipeline_order) — with the weight version each op reads. Times come later, from one
// list scheduler for all (schedule_timing.h), so an order is the only thing a schedule defines.

#include "core/pipeline/schedule_family.h"

#include <string>
#include <vector>

namespace dfl {

struct ProgramOp {
    ScheduleOpKind op = ScheduleOpKind::Forward;
    int microBatch = 1;  // from 1
    int chunk = 0;
    int weightVersion = 0;  // F/B/W: the version read; U: the version written
};
using StageProgram = std::vector<ProgramOp>;

// [stage − 1]: the op order of every stage. layer-block has no program (it is read off PipelineSchedule).
std::vector<StageProgram> scheduleProgram(const std::string& name, int stages, int microBatches, int virtualStages);

// zb-h1 runs W apart from B; the others run the whole backward pass as B.
bool splitsBackward(const std::string& name);

// The update (numbered from 1) a micro-batch's gradient belongs to, in sequential SGD's order: one update per
// global batch (synchronous schedules), per micro-batch (layer-block, pipedream) or per group of P micro-batches
// (pipedream-2bw). Sequential SGD would run that micro-batch's forward pass on version update − 1.
int updateOfMicroBatch(const std::string& name, int microBatch, int stages);

}  // namespace dfl
