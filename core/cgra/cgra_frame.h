// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the CGRA views draw at one cycle: the PE grid, the broadcast weight, the row buffers and the loop
// indices of the schedule, for the cycle about to run.

#include "core/cgra/cgra_array.h"
#include "core/cgra/cgra_config.h"
#include "core/sim/frame.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfl::cgra {

struct BankView {
    std::int64_t row = -1;  // padded-plane row it holds (−1: empty)
    bool read = false;      // its PE row reads a word this cycle
    bool written = false;   // written this cycle (external load, or the multi-bank loop-back)
};

struct LoopIndex {
    std::string name;   // "by", "tg", "ci", ...
    std::int64_t value = 0;
    std::int64_t count = 0;  // the loop's trip count
    std::string meaning;
};

struct CgraFrame : Frame {
    CgraConfig config;
    CgraLayer layer;
    bool done = false;
    std::int64_t totalCycles = 0;

    std::vector<PeView> pes;  // px·py, row-major
    std::vector<BankView> banks;  // one per PE row
    bool load = false;         // an external row-set load happens this cycle
    int fedColumn = -1;        // the column entering the left PE column this step
    // The shared weight on the broadcast bus (CONV) or the input element on the common bus (FC).
    bool weightValid = false;
    int weightCo = -1, weightCi = -1, weightKy = -1, weightKx = -1;
    int thread = 0, threadsInGroup = 1;  // which accumulator thread every PE updates this cycle
    std::vector<LoopIndex> loops;        // outermost first
    LayerCost counted;                   // counters so far
};

}  // namespace dfl::cgra
