// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_model.h"

#include "core/neurotrainer/nt_frame.h"
#include "core/sim/serialization.h"

namespace dfl::nt {

NeuroTrainerModel::NeuroTrainerModel(Network network, NetworkRun run, Reporter report, ChartMaker charts)
    : network_(std::move(network)), run_(std::move(run)), report_(std::move(report)), charts_(std::move(charts)) {
    std::vector<Op> ops;
    for (const OpResult& r : run_.ops) ops.push_back(r.op);
    programs_ = generatePrograms(network_, ops, run_.machine);
    for (const OpResult& r : run_.ops) {
        int own = -1, common = -1;
        for (size_t i = 0; i < programs_.pmag.size(); ++i) {
            const PmagProgram& p = programs_.pmag[i];
            if (p.layer != r.op.layer || p.operation != opKindName(r.op.kind)) continue;
            (p.vault == "C" ? common : own) = int(i);
        }
        pmagOf_.push_back(own);
        commonPmagOf_.push_back(common);
    }
    reset();
}

void NeuroTrainerModel::enterOp(std::int64_t op) {
    state_.op = op;
    fine_.reset();
    if (!done()) {
        fine_ = std::make_unique<FineOpModel>(run_.ops[size_t(op)].op, run_.machine);
        state_.fine = fine_->state();
    }
}

void NeuroTrainerModel::reset() { enterOp(0); }

void NeuroTrainerModel::nextOpIfDone() {
    while (!done() && fine_->done()) enterOp(state_.op + 1);
}

std::int64_t NeuroTrainerModel::cycle() const {
    if (done()) return run_.cycles();
    return run_.ops[size_t(state_.op)].startCycle + fine_->state().now;
}

void NeuroTrainerModel::step() {
    if (done()) return;
    fine_->step();
    nextOpIfDone();
}

void NeuroTrainerModel::runUntil(std::int64_t target) {
    // Whole ops that end by the target: the event model's count is exact, so jump.
    while (!done()) {
        const OpResult& r = run_.ops[size_t(state_.op)];
        if (r.startCycle + r.timing.cycles > target) break;
        enterOp(state_.op + 1);
    }
    while (!done() && cycle() < target) {
        fine_->advance(target - cycle());
        nextOpIfDone();
    }
}

FramePtr NeuroTrainerModel::frame() const {
    auto f = std::make_shared<NtFrame>();
    const Machine& m = run_.machine;
    f->cycle = cycle();
    f->pes = m.pes();
    f->vaults = m.vaults;
    f->opCount = int(run_.ops.size());
    f->network = network_.name();
    f->opIndex = int(std::min<std::int64_t>(state_.op, std::int64_t(run_.ops.size()) - 1));
    if (run_.ops.empty()) return f;
    const OpResult& r = run_.ops[size_t(f->opIndex)];
    f->layer = r.op.layer;
    f->phase = phaseName(r.op.phase);
    f->operation = opKindName(r.op.kind);
    f->sixteenBit = r.op.sixteenBit;
    f->opCycles = r.timing.cycles;
    f->tiles = r.op.tileCount();
    if (done() || !fine_) {
        f->opCycle = f->opCycles;
        f->tile = f->tiles;
        return f;
    }
    const FineState& s = fine_->state();
    f->opCycle = s.now;
    f->computing = s.computeTile >= 0;
    f->tile = f->computing ? s.computeTile : s.computeDone;
    f->computeLeftFraction = fine_->computingFill();
    if (s.vault.active()) {
        f->vaultMove = s.vault.write ? 'W' : 'R';
        f->vaultTotal = s.vault.total;
        f->vaultDone = s.vault.total - s.vault.left;
    }
    if (s.bus.active()) {
        f->busMove = s.bus.write ? 'M' : 'B';
        f->busTotal = s.bus.total;
        f->busDone = s.bus.total - s.bus.left;
        if (s.bus.write) f->mergingPe = int(f->busDone * m.pes() / std::max<std::int64_t>(1, s.bus.total));
    }
    const GemmShape& g = r.op.gemm;
    const std::int64_t chunks = g.chunkK > 0 ? (g.K + g.chunkK - 1) / g.chunkK : 1;
    f->outputFill = chunks > 0 ? double(f->tile % chunks + (f->computing ? 1 - f->computeLeftFraction : 0)) / double(chunks) : 0;
    if (pmagOf_[size_t(f->opIndex)] >= 0) {
        const PmagProgram& p = programs_.pmag[size_t(pmagOf_[size_t(f->opIndex)])];
        const PmagState ps = pmagStateAfter(p, s.vaultWords);
        f->pmagCounters = ps.counters;
        f->pmagRanges = p.ranges;
        f->pmagAddress = ps.address;
    }
    if (commonPmagOf_[size_t(f->opIndex)] >= 0) {
        const PmagProgram& p = programs_.pmag[size_t(commonPmagOf_[size_t(f->opIndex)])];
        const PmagState ps = pmagStateAfter(p, s.busWords);
        f->hasCommonProgram = true;
        f->commonPmagCounters = ps.counters;
        f->commonPmagRanges = p.ranges;
        f->commonPmagAddress = ps.address;
    }
    return f;
}

std::string NeuroTrainerModel::saveState() const {
    State s = state_;
    if (fine_) s.fine = fine_->state();
    return serializeToBytes(s);
}

void NeuroTrainerModel::loadState(const std::string& bytes) {
    State s;
    deserializeFromBytes(bytes, s);
    enterOp(s.op);
    if (fine_) fine_->setState(s.fine);
    state_ = s;
}

}  // namespace dfl::nt
