// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The closed form: what the cycle model (cgra_array.h) counts, obtained without ticking (paper Table 1,
// generalised where the restated equations leave a case out). Tests assert both agree exactly.
//
// Where this departs from the equations as restated in the issue, and why:
//  * Stride. Eq. (1) fills the shift chain in Px + H − 1 steps per weight row, which is the s = 1 case. With
//    stride s a PE x needs input column x·s + kx, so the row buffer feeds the row in s phases (columns
//    ≡ p mod s, kernel columns kx ≡ p); each phase refills the chain: min(s, H)·(Px − 1) + H steps per weight
//    row. Eq. (2)'s Py + H − 1 rows per row block likewise become (Py − 1)·s + H.
//  * Remainder row blocks. Eq. (2) loads Py + H − 1 rows for every row block, also the last one with only
//    Ry output rows (and for AlexNet conv3–5 more rows than the padded plane has). Here the last block loads
//    (Ry − 1)·s + H rows. Eq. (2) exactly as written is kept as paperEq2InputWords for comparison.
//  * Eq. (10) as rendered has three terms (full blocks, right-edge blocks, corner); the bottom-edge blocks'
//    term Px·Ry·⌊Nox/Px⌋·(⌈Noy/Py⌉ − ⌊Noy/Py⌋) is missing. With it the four terms sum to
//    Nox·Noy / (Px·Py·⌈Nox/Px⌉·⌈Noy/Py⌉), which is what utilisation() returns.
//  * FC. Eq. (7) counts Px·Py weights per input per block, also for PEs with no output in the last block;
//    here only the Ni·No real weights are counted (the inputs, Ni·⌈No/(PxPy)⌉, as in Eq. (7)).

#include "core/cgra/cgra_config.h"

#include <cstdint>
#include <string>

namespace dfl::cgra {

// Everything one layer costs on the array. The cycle model fills the same struct by counting events.
struct LayerCost {
    std::int64_t cycles = 0;
    std::int64_t inputWords = 0;    // external words of input activations
    std::int64_t weightWords = 0;   // external weight words (CONV: re-broadcast for every output block)
    std::int64_t outputWords = 0;   // external words written
    std::int64_t bufferReads = 0;   // row-buffer reads
    std::int64_t bufferWritesMultiport = 0;
    std::int64_t bufferWritesMultibank = 0;
    std::int64_t macs = 0;
    std::int64_t assignedPeCycles = 0;  // Σ over cycles of PEs holding an output of the current block

    bool operator==(const LayerCost&) const = default;
    LayerCost& operator+=(const LayerCost& o);
};

LayerCost closedFormCost(const CgraConfig& config, const CgraLayer& layer);

// Derived figures.
double timeMs(const CgraConfig& config, std::int64_t cycles);
double rateMBs(const CgraConfig& config, std::int64_t words, std::int64_t cycles);  // words·b/8·f / cycles
double utilisation(const CgraConfig& config, const LayerCost& cost);                  // eq. (10)
double macUtilisation(const CgraConfig& config, const LayerCost& cost);               // MACs / (PEs · cycles)
// Ops (a multiply and an add are two) per external word in (input activations + weights).
double arithmeticIntensity(const LayerCost& cost);
// The rate the paper's "input data rate" means: CONV input activations (Eq. 3); FC inputs and weights (Eq. 8).
double inputRateMBs(const CgraConfig& config, const CgraLayer& layer, const LayerCost& cost);

// The "ideal" array of Section 3 (every PE gets its window at once, no fill): H²·Ci·Co·⌈Nox/Px⌉·⌈Noy/Py⌉ cycles
// per group, the same external data (Figures 17–19 compare it with the row-wise array).
std::int64_t idealConvCycles(const CgraConfig& config, const CgraLayer& layer);

// The equations exactly as restated in the issue (applied per group), for reporting beside the model.
std::int64_t paperEq1Cycles(const CgraConfig& config, const CgraLayer& layer);
std::int64_t paperEq2InputWords(const CgraConfig& config, const CgraLayer& layer);
std::int64_t paperEq6Cycles(const CgraConfig& config, const CgraLayer& layer);
std::int64_t paperEq7InputWords(const CgraConfig& config, const CgraLayer& layer);

// The formula behind `cycles`, with this layer's values substituted (for the report).
std::string cyclesFormula(const CgraConfig& config, const CgraLayer& layer);

}  // namespace dfl::cgra
