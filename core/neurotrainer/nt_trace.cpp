// SPDX-License-Identifier: GPL-3.0-or-later
// NeuroTrainer's timeline for one training step (or inference), from the event model's op timings: a track of
// phases (FF, BP, UP, data preparation: runs of consecutive ops), a track of ops (one per layer and kind), and one
// track per resource — the PEs' MACs, their vaults, the bus in from the common vault, the merges out to it — with
// one slice per op as long as that resource was busy in it. The event model counts busy cycles per op, not when
// within the op they fell, so a resource slice starts with its op: its length is exact, its position is not.
#include "core/neurotrainer/nt_model.h"

namespace dfl::nt {

Trace NeuroTrainerModel::trace() const {
    Trace t;
    constexpr int pid = 1;
    enum Track { Phases = 1, Ops, Macs, Vaults, BusIn, Merge };
    const std::string process = "NeuroTrainer (" + network_.name() + ", batch " + std::to_string(run_.machine.batch) + ")";
    t.addTrack(pid, Phases, process, "phases");
    t.addTrack(pid, Ops, process, "ops");
    t.addTrack(pid, Macs, process, "PE MACs (busy)");
    t.addTrack(pid, Vaults, process, "PE vaults (busy)");
    t.addTrack(pid, BusIn, process, "bus in from the common vault (busy)");
    t.addTrack(pid, Merge, process, "merges into the common vault (busy)");
    const double usPerCycle = run_.machine.secondsPerCycle() * 1e6;
    auto us = [&](std::int64_t cycles) { return double(cycles) * usPerCycle; };

    size_t phaseStart = 0;
    for (size_t i = 0; i < run_.ops.size(); ++i) {
        const OpResult& r = run_.ops[i];
        const std::string name = opKindName(r.op.kind) + " " + r.op.layer;
        const std::string phase = phaseName(r.op.phase);
        const OpTiming& tm = r.timing;
        const bool room =
            t.addSlice({pid, Ops, name, phase, us(r.startCycle), us(tm.cycles),
                        {{"layer", r.op.layer}, {"phase", phase}, {"bound", boundName(tm.bound())}, {"cycles", tm.cycles},
                         {"useful_macs", r.op.usefulMacs}, {"dram_words", r.dramWords}, {"mapping", r.op.lowering}}}) &&
            t.addSlice({pid, Macs, name, "compute", us(r.startCycle), us(tm.computeBusy), {{"busy_cycles", tm.computeBusy}}}) &&
            t.addSlice({pid, Vaults, name, "vault", us(r.startCycle), us(tm.vaultBusy), {{"busy_cycles", tm.vaultBusy}}}) &&
            t.addSlice({pid, BusIn, name, "bus", us(r.startCycle), us(tm.busInBusy), {{"busy_cycles", tm.busInBusy}}}) &&
            t.addSlice({pid, Merge, name, "merge", us(r.startCycle), us(tm.mergeBusy), {{"busy_cycles", tm.mergeBusy}}});
        if (!room) return t;
        const bool phaseEnds = i + 1 == run_.ops.size() || run_.ops[i + 1].op.phase != r.op.phase;
        if (!phaseEnds) continue;
        const std::int64_t start = run_.ops[phaseStart].startCycle, end = r.startCycle + tm.cycles;
        t.addSlice({pid, Phases, phase, "phase", us(start), us(end - start),
                    {{"ops", std::int64_t(i + 1 - phaseStart)}, {"cycles", end - start}}});
        phaseStart = i + 1;
    }
    t.addNote("neurotrainer: resource slices last as long as the resource was busy in the op and start with it; the "
              "event model does not place the busy cycles within the op");
    return t;
}

}  // namespace dfl::nt
