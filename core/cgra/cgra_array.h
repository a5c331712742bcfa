// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The cycle-stepped model of the row-wise multithreaded array (paper Sections 4.1–4.2) running one layer.
//
// CONV schedule, per convolution group (loop order outermost first; the paper's Eq. (2) has no ⌈Nox/Px⌉
// factor, so a row set is loaded once per row block, thread group and input channel and serves every column
// block; the accumulators therefore keep T' partial sums for each column block of the row block):
//   row block by → thread group tg (T' = min(T, Co − tg·T) output channels) → input channel ci
//     [external load of the row set: (rows − 1)·s + H input rows of the used width]
//   → weight row ky → column block bx → phase p (kernel columns kx ≡ p mod s)
//   → step j (one shift of the forwarding bus) → thread t (one cycle: weight w[tg·T+t][ci][ky][kx] broadcast)
// Within a phase the row buffer feeds the row's columns in descending order into the left column, one per
// step; after Px − 1 fill steps PE x holds column x·s + kx for kx = p + s·(n_p − 1), and every further step
// shifts the next kernel column into place. So a pass (bx, ky) takes min(s,H)·(Px − 1) + H steps of T' cycles
// each: the paper's (Px + H − 1) per weight row and output channel when s = 1. The chain shifts at the thread
// round cadence during fill too; Eq. (1) charges that, and so does this model.
// FC: per block of Px·Py outputs and per input element, either Px cycles shifting the weights in through the
// row buffers (Eq. 6) or one weight word per cycle on the weight bus (FcMapping).
//
// External loads are double-buffered behind computation (Section 5.5), so they cost words, not cycles.

#include "core/cgra/cgra_analysis.h"
#include "core/cgra/cgra_config.h"

#include <boost/serialization/vector.hpp>

#include <cstdint>
#include <vector>

namespace dfl::cgra {

// What the bank feeding one PE row holds: a whole row of the padded input (−1: nothing yet).
struct BankContent {
    std::int64_t row = -1;
    bool operator==(const BankContent&) const = default;
    template <class A> void serialize(A& a, unsigned) { a & row; }
};

// The schedule position and every counter: all the array's mutable state.
struct ArrayState {
    std::int64_t cycle = 0;
    bool done = false;
    // CONV position.
    int group = 0, by = 0, tg = 0, ci = 0, bx = 0, ky = 0, phase = 0, step = 0, thread = 0;
    // FC position.
    std::int64_t fcBlock = 0, fcInput = 0, fcSub = 0;
    LayerCost counted;
    std::vector<BankContent> banks;  // one per PE row (multi-bank bookkeeping; shown by the view)

    template <class A> void serialize(A& a, unsigned) {
        a & cycle & done & group & by & tg & ci & bx & ky & phase & step & thread & fcBlock & fcInput & fcSub;
        a & counted.cycles & counted.inputWords & counted.weightWords & counted.outputWords & counted.bufferReads;
        a & counted.bufferWritesMultiport & counted.bufferWritesMultibank & counted.macs & counted.assignedPeCycles;
        a & banks;
    }
};

// One PE as the view draws it.
struct PeView {
    bool assigned = false;  // holds an output of the current block
    bool hasInput = false;  // a real input value sits in its shift register
    bool mac = false;       // multiplies this cycle
    int inRow = -1, inCol = -1;  // padded-plane coordinates of the held input
    int outX = -1, outY = -1;    // the output it accumulates
    double progress = 0;         // fraction of its current output's Ci·H² MACs done (partial sum filling)
};

class CgraArray {
public:
    CgraArray(CgraConfig config, CgraLayer layer);

    const CgraConfig& config() const { return config_; }
    const CgraLayer& layer() const { return layer_; }
    const ArrayState& state() const { return state_; }
    void setState(ArrayState state) { state_ = std::move(state); }

    void reset();
    void step() { advance(1); }
    // Runs to `target` cycles (or the end), skipping predictable cycles: a step's T' thread cycles differ only
    // in the broadcast weight, so each step is taken whole.
    void runUntil(std::int64_t target);
    bool done() const { return state_.done; }
    std::int64_t cycle() const { return state_.cycle; }
    std::int64_t totalCycles() const { return totalCycles_; }

    // Current loop values, for the view's schedule table.
    int threadsInGroup() const;   // T'
    int stepsInPhase() const;     // Px + n_p − 1
    int kernelColumn() const;     // kx of the current step, −1 during fill
    int outputChannel() const;    // co of the current cycle (within the group)
    int rowsInBlock() const;      // active PE rows of the current row block
    int colsInBlock() const;      // active PE columns of the current column block
    std::int64_t bankRowNeeded(int peRow) const;  // the input row PE row peRow reads in the current pass
    // What the cycle about to run does (the frame shows the cycle about to run).
    bool loadsNow() const;                 // the external load of a row set
    bool readsNow() const;                 // the active PE rows read one word each from their buffers
    bool macsNow() const;
    std::vector<bool> bankWritesNow() const;  // per PE row: its bank is written (load or multi-bank loop-back)
    int fedColumn() const;                 // padded-plane column entering the left column this step, −1 if none
    std::vector<PeView> peViews() const;          // px·py, row-major (y·px + x)

private:
    void advance(std::int64_t cycles);  // within the current step (CONV) or FC unit
    void advanceConv(std::int64_t n);
    void advanceFc(std::int64_t n);
    void startRowSet();
    void startWeightRow();
    int phaseColumns(int phase) const;  // n_p

    CgraConfig config_;
    CgraLayer layer_;
    std::int64_t totalCycles_ = 0;
    ArrayState state_;
};

}  // namespace dfl::cgra
