// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/schedule_orders.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

namespace dfl {

namespace {

using K = ScheduleOpKind;

// The 1F1B family as PyTorch's torch.distributed.pipelining builds it (_get_1f1b_rank_ops; docs/schedules.md):
// `warmup` forwards, then one forward and one backward per step, then the remaining backwards. Step k's forward
// runs chunk (k / perRound) mod v; the backwards walk the chunks the other way. deferredW ≥ 0 is the zero-bubble
// variant: B is the input-gradient half, and the W of the j-th backward follows the (j + deferredW)-th backward,
// the deferred ones at the end — the W passes fill the drain's bubbles.
StageProgram oneFOneBOrder(int m, int v, int perRound, int warmup, int deferredW) {
    const int total = m * v;  // forwards (and backwards) per stage
    auto forwardChunk = [&](int step) { return (step / perRound) % v; };
    auto backwardChunk = [&](int step) { return v - 1 - ((step - warmup) / perRound) % v; };
    std::vector<int> nextF(size_t(v), 1), nextB(size_t(v), 1), nextW(size_t(v), 1);
    std::vector<int> backwardSteps;
    size_t weights = 0;
    StageProgram p;
    auto weight = [&] {
        const int c = backwardChunk(backwardSteps[weights++]);
        p.push_back({K::WeightGrad, nextW[size_t(c)]++, c, 0});
    };
    for (int step = 0; step < total + warmup; ++step) {
        if (step < total) {
            const int c = forwardChunk(step);
            p.push_back({K::Forward, nextF[size_t(c)]++, c, 0});
        }
        if (step >= warmup) {
            const int c = backwardChunk(step);
            p.push_back({K::Backward, nextB[size_t(c)]++, c, 0});
            backwardSteps.push_back(step);
            if (deferredW >= 0 && step - warmup >= deferredW) weight();
        }
    }
    while (deferredW >= 0 && weights < backwardSteps.size()) weight();
    return p;
}

// Asynchronous schedules: an update after the backward pass of every micro-batch that closes its update group.
// Forward passes read the newest version (pipedream) or, by 2BW's design, the version one older than that
// (W(t+1) = W(t) − ν·∇f(W(t−1))); backward passes read the version their forward read (weight stashing).
void addAsyncUpdates(const std::string& name, int stages, int m, StageProgram& p) {
    StageProgram out;
    std::map<std::pair<int, int>, int> readByForward;  // (micro-batch, chunk) → version
    int updates = 0;
    for (ProgramOp op : p) {
        const int group = updateOfMicroBatch(name, op.microBatch, stages);
        if (op.op == K::Forward) {
            op.weightVersion = name == "pipedream-2bw" ? std::max(0, group - 2) : updates;
            if (op.weightVersion > updates) throw std::logic_error(name + ": a forward pass reads a version not yet written");
            readByForward[{op.microBatch, op.chunk}] = op.weightVersion;
        } else {
            op.weightVersion = readByForward.at({op.microBatch, op.chunk});
        }
        out.push_back(op);
        const bool closesGroup = op.microBatch == m || updateOfMicroBatch(name, op.microBatch + 1, stages) != group;
        if (op.op == K::Backward && closesGroup) out.push_back({K::Update, op.microBatch, 0, ++updates});
    }
    p = std::move(out);
}

}  // namespace

bool splitsBackward(const std::string& name) { return name == "zb-h1"; }

int updateOfMicroBatch(const std::string& name, int microBatch, int stages) {
    if (isSynchronousSchedule(name)) return 1;
    if (name == "pipedream-2bw") return (microBatch - 1) / stages + 1;  // groups of P: 2BW's smallest (m ≥ depth)
    return microBatch;
}

std::vector<StageProgram> scheduleProgram(const std::string& name, int stages, int m, int virtualStages) {
    if (stages < 1 || m < 1) throw std::invalid_argument("a schedule needs at least one stage and one micro-batch");
    const int v = name == "interleaved-1f1b" ? virtualStages : 1;
    if (v < 1) throw std::invalid_argument("interleaved-1f1b needs at least one chunk per stage");
    // PyTorch's rounds: max(1, m / P) of m / rounds micro-batches each; the chunk changes every round.
    const int rounds = std::max(1, m / stages);
    if (name == "interleaved-1f1b" && m % rounds != 0)
        throw std::invalid_argument("interleaved-1f1b needs the micro-batches (" + std::to_string(m) +
                                    ") to be a multiple of its rounds max(1, m / P) = " + std::to_string(rounds));
    const int perRound = m / rounds;
    std::vector<StageProgram> programs;
    for (int s = 1; s <= stages; ++s) {
        const int rank = s - 1;
        StageProgram p;
        if (name == "gpipe") {
            for (int k = 1; k <= m; ++k) p.push_back({K::Forward, k, 0, 0});
            for (int k = 1; k <= m; ++k) p.push_back({K::Backward, k, 0, 0});
        } else if (name == "1f1b" || name == "pipedream" || name == "pipedream-2bw") {
            p = oneFOneBOrder(m, 1, perRound, std::min(stages - s, m), -1);  // warm-up P − S
        } else if (name == "interleaved-1f1b") {
            // Megatron's warm-up: (v − 1) rounds of the last stage plus two per hop from it.
            p = oneFOneBOrder(m, v, perRound, std::min((v - 1) * perRound + 2 * (stages - s), m * v), -1);
        } else if (name == "zb-h1") {
            // ZB-H1 (PyTorch's ScheduleInterleavedZeroBubble with one chunk): warm-up P − S, stage S defers S − 1 W.
            p = oneFOneBOrder(m, 1, perRound, std::min(stages - s, m), rank);
        } else {
            throw std::invalid_argument("no op order for schedule '" + name + "'");
        }
        if (isSynchronousSchedule(name))
            p.push_back({K::Update, m, 0, 1});  // the flush: one update with the gradients of all m micro-batches
        else
            addAsyncUpdates(name, stages, m, p);
        programs.push_back(std::move(p));
    }
    return programs;
}

}  // namespace dfl
