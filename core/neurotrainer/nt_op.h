// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One operation of a training step as the machine executes it: a sequence of tiles that every PE runs in lockstep.
// A tile is one fill of the double-buffered input buffers, the MAC cycles that consume it and, at the end of an
// output block, the write-back of that block (to the PE's own vault or merged over the bus into the common vault).

#include <cstdint>
#include <string>
#include <vector>

#include <boost/serialization/access.hpp>

namespace dfl::nt {

enum class Phase { FF, BP, UP, Prep };
std::string phaseName(Phase p);

// What the PMAGs are programmed for (the rows of the paper's Tables 2 and 3, plus pooling on the comparators).
enum class OpKind { ConvFF, ConvBP, ConvUP, FcFF, FcBP, FcUP, PoolFF, PoolBP, Merge, Partition, AddPad, RemovePad, Duplicate };
std::string opKindName(OpKind k);  // "Conv-FF", "FC-UP", "Merge", ...

enum class Bound { Compute, Vault, Bus, Merge };
std::string boundName(Bound b);

struct Tile {
    std::int64_t computeCycles = 0;  // MAC (or comparator) cycles
    std::int64_t vaultReadWords = 0; // from the PE's own vault into BUF Input 1/2
    std::int64_t busInWords = 0;     // from the common vault over the bus (a broadcast, or a scatter of nPE parts)
    std::int64_t vaultWriteWords = 0;// end of an output block: written back to the PE's own vault
    std::int64_t mergeWords = 0;     // end of an output block: bus words of all PEs together (serialised by priority)
    bool flush() const { return vaultWriteWords > 0 || mergeWords > 0; }
    bool operator==(const Tile&) const = default;
    template <class A> void serialize(A& a, unsigned) { a& computeCycles& vaultReadWords& busInWords& vaultWriteWords& mergeWords; }
};

// Tiles are generated as patterns repeated `count` times, so a million tiles cost a few entries and the event
// model can skip repetitions once the pipeline reaches its steady state.
struct Segment {
    std::vector<Tile> pattern;
    std::int64_t count = 1;
};

// How a MAC op was blocked (zero for data movement): the P × L blocks and h rows the programs name.
struct GemmShape {
    std::int64_t M = 0, K = 0, N = 0;            // per PE and group
    std::int64_t blockM = 0, blockN = 0, chunkK = 0;
    int groups = 0;
};

struct Op {
    std::string layer;     // the network layer it belongs to
    Phase phase = Phase::FF;
    OpKind kind = OpKind::ConvFF;
    bool sixteenBit = false;
    std::int64_t usefulMacs = 0;  // for the whole batch: what the network needs (TOPS counts these, ×2)
    std::vector<Segment> segments;
    GemmShape gemm;
    std::string lowering;  // one line: how the layer was mapped (GEMM sizes, blocking), for the report

    std::int64_t tileCount() const;
    const Tile& tile(std::int64_t index) const;  // index in [0, tileCount())
};

// Totals of one op's tiles (per PE for vault words, whole bus for bus words).
struct OpTotals {
    std::int64_t tiles = 0, computeCycles = 0, vaultWords = 0, busWords = 0, mergeWords = 0;
};
OpTotals totals(const Op& op);

}  // namespace dfl::nt
