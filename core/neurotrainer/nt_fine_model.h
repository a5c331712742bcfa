// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The cycle-stepped model of one op: the PE's vault, the bus and the MAC array as three resources that each move
// one word (or do one cycle of MACs) per cycle, in program order, under the same readiness rules as the event
// model (nt_event_model.h). step() advances one cycle; advance() jumps to the next moment anything can change,
// which is exact because between events every busy resource just keeps streaming.

#include "core/neurotrainer/nt_event_model.h"
#include "core/neurotrainer/nt_machine.h"
#include "core/neurotrainer/nt_op.h"

#include <boost/serialization/access.hpp>

#include <cstdint>

namespace dfl::nt {

// What a resource is doing right now. Queue entries: vault R0, R1, W0, R2, W1, …; bus B0, B1, M0, B2, M1, …
struct Transfer {
    std::int64_t entry = -1;  // -1: idle
    std::int64_t tile = -1;
    bool write = false;       // vault: write-back W; bus: merge M (else a load / broadcast)
    std::int64_t total = 0, left = 0;
    bool active() const { return entry >= 0; }
    template <class A> void serialize(A& a, unsigned) { a& entry& tile& write& total& left; }
};

struct FineState {
    std::int64_t now = 0;                 // cycles since the op started
    std::int64_t computeTile = -1;        // tile on the MACs (-1: idle)
    std::int64_t computeLeft = 0;
    std::int64_t computeDone = 0;         // tiles finished computing
    std::int64_t blocksFlushed = 0;       // output blocks written back
    std::int64_t blockOfNext = 0;         // output block the next tile accumulates into
    std::int64_t vaultNext = 0, busNext = 0;  // next queue entry to start
    Transfer vault, bus;
    std::int64_t arrivalTile[2] = {-1, -1};   // broadcasts crossing the bus: tile and landing cycle
    std::int64_t arrivalAt[2] = {0, 0};
    std::int64_t lastMergeEnd = -1;
    std::int64_t vaultWords = 0, busWords = 0;  // streamed so far (the PMAG counters count these)
    OpTiming stats;                       // busy counters (cycles is `now` once done)
    bool finished = false;
    template <class A> void serialize(A& a, unsigned) {
        a& now& computeTile& computeLeft& computeDone& blocksFlushed& blockOfNext& vaultNext& busNext& vault& bus;
        a& arrivalTile& arrivalAt& lastMergeEnd& vaultWords& busWords& finished;
        a& stats.cycles& stats.computeBusy& stats.vaultBusy& stats.busInBusy& stats.mergeBusy;
    }
};

class FineOpModel {
public:
    FineOpModel(const Op& op, const Machine& machine);

    const FineState& state() const { return s_; }
    void setState(const FineState& state) { s_ = state; }
    bool done() const { return s_.finished; }
    void step() { advance(1); }
    // Advances by at most maxCycles, stopping early at the next event; returns the cycles advanced.
    std::int64_t advance(std::int64_t maxCycles);
    void runToEnd();

    // Words of the tile being computed still to go, as a fraction, for the buffer gauge.
    double computingFill() const;

private:
    void startWhatIsReady();
    bool startCompute();
    bool startVault();
    bool startBus();
    bool computeMayStart(std::int64_t tile) const;
    void complete();
    Transfer entryOfVault(std::int64_t entry) const;
    Transfer entryOfBus(std::int64_t entry) const;
    std::int64_t entries() const { return 2 * tiles_; }

    const Op& op_;
    const Machine& machine_;
    std::int64_t tiles_;
    FineState s_;
};

}  // namespace dfl::nt
