// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The event-level model of one op: tile by tile, each tile's transfers and MAC work start at the earliest time
// their resource is free and their data or buffer slot is ready ("earliest ready" times, no ticking). This is the
// fidelity that runs whole networks; NtFineModel steps the same rules cycle by cycle and tests assert equality.
//
// Rules (identical in both models):
//  * the PE's own vault moves one word per cycle, in program order R0, R1, W0, R2, W1, … (prefetch one tile ahead,
//    then write back the previous block); the bus likewise moves B0, B1, M0, B2, M1, … (broadcast before merge);
//  * tile i may be loaded once tile i−2 has finished computing (double-buffered inputs);
//  * tile i computes after tile i−1, once its vault data has arrived and its broadcast has crossed the
//    `busStages`-stage bus, and once the output half it accumulates into has been written back (block b−2);
//  * an output block is written back when its last tile has computed; a merge lands `busStages` cycles later.

#include "core/neurotrainer/nt_machine.h"
#include "core/neurotrainer/nt_op.h"

#include <cstdint>

namespace dfl::nt {

struct OpTiming {
    std::int64_t cycles = 0;
    std::int64_t computeBusy = 0, vaultBusy = 0, busInBusy = 0, mergeBusy = 0;  // cycles each resource worked
    // Cycles the MACs waited, by what they waited for (the tail after the last MAC cycle counts for its cause).
    std::int64_t waitVault = 0, waitBus = 0, waitMerge = 0;
    Bound bound() const;  // compute when the MACs worked ≥ 90 % of the time, else the largest wait
    bool operator==(const OpTiming&) const = default;
};

OpTiming simulateOp(const Op& op, const Machine& machine);

}  // namespace dfl::nt
