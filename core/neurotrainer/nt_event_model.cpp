// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_event_model.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

namespace dfl::nt {

namespace {

constexpr std::int64_t None = std::numeric_limits<std::int64_t>::min() / 4;  // "never happened": below any time

// Everything the future of the recurrence depends on; after a whole pattern repetition it is compared with the
// previous one: a uniform shift means every later repetition shifts by the same amount (max-plus homogeneity).
struct State {
    std::int64_t vaultFree = 0, busFree = 0;
    std::int64_t computeEnd1 = None, computeEnd2 = None;  // tiles i−1 and i−2
    std::int64_t flushEnd1 = None, flushEnd2 = None;      // blocks b−1 and b−2
    std::int64_t lastMergeEnd = None;
    const Tile* pendingFlush = nullptr;  // the previous tile, written back after the next tile's load is issued

    std::array<std::int64_t, 7> times() const {
        return {vaultFree, busFree, computeEnd1, computeEnd2, flushEnd1, flushEnd2, lastMergeEnd};
    }
    void shift(std::int64_t by) {
        for (std::int64_t* t : {&vaultFree, &busFree, &computeEnd1, &computeEnd2, &flushEnd1, &flushEnd2, &lastMergeEnd})
            if (*t != None) *t += by;
    }
};

struct Recurrence {
    const Machine& machine;
    bool sinkIsMerge;  // an op writes its output blocks to one place: own vault or (merged) common vault
    State s;
    OpTiming t;

    void flushPrevious() {
        const Tile* f = s.pendingFlush;
        s.pendingFlush = nullptr;
        if (!f || !f->flush()) return;
        std::int64_t end = None;
        if (f->vaultWriteWords > 0) {
            const std::int64_t start = std::max(s.vaultFree, s.computeEnd1);
            s.vaultFree = start + f->vaultWriteWords;
            t.vaultBusy += f->vaultWriteWords;
            end = s.vaultFree;
        }
        if (f->mergeWords > 0) {
            const std::int64_t start = std::max(s.busFree, s.computeEnd1);
            s.busFree = start + f->mergeWords;
            t.mergeBusy += f->mergeWords;
            s.lastMergeEnd = s.busFree;
            end = std::max(end, s.busFree);
        }
        s.flushEnd2 = s.flushEnd1;
        s.flushEnd1 = end;
    }

    void tile(const Tile& tile) {
        // Loads into the half freed by tile i−2.
        std::int64_t readEnd = None, busArrival = None;
        if (tile.vaultReadWords > 0) {
            s.vaultFree = std::max(s.vaultFree, s.computeEnd2) + tile.vaultReadWords;
            t.vaultBusy += tile.vaultReadWords;
            readEnd = s.vaultFree;
        }
        if (tile.busInWords > 0) {
            s.busFree = std::max(s.busFree, s.computeEnd2) + tile.busInWords;
            t.busInBusy += tile.busInWords;
            busArrival = s.busFree + machine.busStages;
        }
        flushPrevious();
        const std::int64_t previous = s.computeEnd1 == None ? 0 : s.computeEnd1;
        const std::int64_t start = std::max({previous, readEnd, busArrival, s.flushEnd2});
        if (start > previous) {  // the MACs waited: charge the latest-arriving cause
            const std::int64_t wait = start - previous;
            if (start == s.flushEnd2) (sinkIsMerge ? t.waitMerge : t.waitVault) += wait;
            else if (start == busArrival) t.waitBus += wait;
            else t.waitVault += wait;
        }
        s.computeEnd2 = s.computeEnd1;
        s.computeEnd1 = start + tile.computeCycles;
        t.computeBusy += tile.computeCycles;
        s.pendingFlush = &tile;
    }

    void finish() {
        flushPrevious();
        const std::int64_t computeDone = s.computeEnd1 == None ? 0 : s.computeEnd1;
        const std::int64_t mergeLanded = s.lastMergeEnd == None ? None : s.lastMergeEnd + machine.busStages;
        t.cycles = std::max({computeDone, s.vaultFree, s.busFree, mergeLanded});
        const std::int64_t tail = t.cycles - computeDone;
        if (tail > 0) (mergeLanded == t.cycles ? t.waitMerge : (s.vaultFree == t.cycles ? t.waitVault : t.waitBus)) += tail;
    }
};

OpTiming minus(const OpTiming& a, const OpTiming& b) {
    return {a.cycles - b.cycles,       a.computeBusy - b.computeBusy, a.vaultBusy - b.vaultBusy,
            a.busInBusy - b.busInBusy, a.mergeBusy - b.mergeBusy,     a.waitVault - b.waitVault,
            a.waitBus - b.waitBus,     a.waitMerge - b.waitMerge};
}

void addScaled(OpTiming& a, const OpTiming& d, std::int64_t k) {
    a.computeBusy += k * d.computeBusy;
    a.vaultBusy += k * d.vaultBusy;
    a.busInBusy += k * d.busInBusy;
    a.mergeBusy += k * d.mergeBusy;
    a.waitVault += k * d.waitVault;
    a.waitBus += k * d.waitBus;
    a.waitMerge += k * d.waitMerge;
}

// A uniform shift of every time that has happened (the same ones in both states).
std::optional<std::int64_t> uniformShift(const State& before, const State& after) {
    const auto a = before.times(), b = after.times();
    std::optional<std::int64_t> delta;
    for (size_t i = 0; i < a.size(); ++i) {
        if ((a[i] == None) != (b[i] == None)) return std::nullopt;
        if (a[i] == None) continue;
        if (delta && *delta != b[i] - a[i]) return std::nullopt;
        delta = b[i] - a[i];
    }
    return delta;
}

}  // namespace

Bound OpTiming::bound() const {
    if (cycles == 0 || computeBusy * 10 >= cycles * 9) return Bound::Compute;
    if (waitMerge >= waitVault && waitMerge >= waitBus) return Bound::Merge;
    return waitBus > waitVault ? Bound::Bus : Bound::Vault;
}

OpTiming simulateOp(const Op& op, const Machine& machine) {
    Recurrence r{machine, totals(op).mergeWords > 0, {}, {}};
    for (const Segment& seg : op.segments) {
        State previous;
        OpTiming previousStats;
        for (std::int64_t rep = 0; rep < seg.count; ++rep) {
            for (const Tile& tile : seg.pattern) r.tile(tile);
            if (rep > 0) {
                const auto delta = uniformShift(previous, r.s);
                if (delta && rep + 1 < seg.count) {  // steady state: jump over the remaining repetitions
                    const std::int64_t remaining = seg.count - rep - 1;
                    const OpTiming perRep = minus(r.t, previousStats);
                    r.s.shift(*delta * remaining);
                    addScaled(r.t, perRep, remaining);
                    break;
                }
            }
            previous = r.s;
            previousStats = r.t;
        }
    }
    r.finish();
    return r.t;
}

}  // namespace dfl::nt
