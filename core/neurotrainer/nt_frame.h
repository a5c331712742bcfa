// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the cube view draws at one cycle: the op in flight, what the PE vaults and the bus are moving, the MACs,
// the buffer fill levels and the PMAGs' counters with the address they emit. All PEs run the same program in
// lockstep, so one PE's state stands for all; during a merge `mergingPe` says whose turn it is on the bus.

#include "core/sim/frame.h"

#include <array>
#include <cstdint>
#include <string>

namespace dfl::nt {

struct NtFrame : Frame {
    int pes = 15, vaults = 16;
    int opIndex = 0, opCount = 0;
    std::string layer, phase, operation, network;
    bool sixteenBit = true;
    std::int64_t opCycle = 0, opCycles = 0;  // within the op
    std::int64_t tile = 0, tiles = 0;        // tile on the MACs (or next), of the op
    bool computing = false;
    double computeLeftFraction = 0;          // of the tile on the MACs: the half of the input buffers being drained
    // Own vault ↔ PE: 'R' load, 'W' write-back, ' ' idle; words moved of the transfer.
    char vaultMove = ' ';
    std::int64_t vaultDone = 0, vaultTotal = 0;
    // Bus: 'B' broadcast/scatter from the common vault, 'M' merge into it, ' ' idle.
    char busMove = ' ';
    std::int64_t busDone = 0, busTotal = 0;
    int mergingPe = -1;
    std::array<std::int64_t, 7> pmagCounters{}, commonPmagCounters{};
    std::array<std::int64_t, 7> pmagRanges{}, commonPmagRanges{};
    std::int64_t pmagAddress = 0, commonPmagAddress = 0;
    bool hasCommonProgram = false;
    double outputFill = 0;  // output buffer: the block being accumulated, as a fraction of its chunks
};

}  // namespace dfl::nt
