// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The machine's instruction set (NeuroTrainer, Section 4): what the host writes into the iBuffer for each op.
// PMAG programs (Tables 2 and 3): the ranges R1…R7 of the seven nested counters and which counter values feed
// the address function f(a,b,c,d) (s,t,u,v form the convolution's input coordinates q = s·stride + t (row) and
// p = u·stride + v (column), labels of the paper's Figure 4). PE programs (Table 4): precision and the local buffers' counter ranges.

#include "core/network/network.h"
#include "core/neurotrainer/nt_machine.h"
#include "core/neurotrainer/nt_op.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dfl::nt {

struct PmagProgram {
    std::string layer, operation;       // e.g. "conv1", "Conv-FF"
    std::string vault;                  // "I" (each PE's vault), "C" (the common-data vault)
    std::array<std::int64_t, 7> ranges{1, 1, 1, 1, 1, 1, 1};  // R1…R7 (counters run 0…R−1)
    std::array<std::string, 4> f{"0", "0", "0", "0"};        // a, b, c, d: "r4", "p", "0", …
    std::array<std::string, 4> stuv{"-", "-", "-", "-"};
    int stride = 1;
};

struct PeProgram {
    std::string layer, operation;
    int bits = 32;
    std::string cnt2, cnt1;  // "11, 11" / "121"
};

struct Programs {
    std::vector<PmagProgram> pmag;
    std::vector<PeProgram> pe;
    // The iBuffer holds 22 bytes per programmed op (18 for the PMAG, 4 for the PE).
    std::int64_t iBufferBytes() const { return 22 * std::int64_t(pe.size() + pmagOnlyOps); }
    std::int64_t pmagOnlyOps = 0;  // data preparation: PMAG program only
};

Programs generatePrograms(const Network& network, const std::vector<Op>& ops, const Machine& machine);

// The PMAG's counters after it has emitted `emitted` addresses of `program` (they wrap at the ranges' product),
// and the address f(a,b,c,d) they form, as a linear word index over the ranges of a, b, c, d.
struct PmagState {
    std::array<std::int64_t, 7> counters{};
    std::int64_t address = 0;
};
PmagState pmagStateAfter(const PmagProgram& program, std::int64_t emitted);

}  // namespace dfl::nt
