// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The NeuroTrainer machine (NeuroTrainer, Section 3): an HMC whose logic die holds one PE per vault plus a common-data
// vault shared over a pipelined bus. Every figure is a parameter; presets give HMC 1.0 and HMC 2.0.

#include <cstdint>
#include <string>

namespace dfl::nt {

struct Machine {
    std::string preset = "hmc1";
    int vaults = 16;             // one of them is the common-data vault
    int dramDies = 4;
    double vaultGBps = 10;       // per vault; the bus is designed to match one vault
    double clockGHz = 2.5;       // PEs, PMAGs and bus share this clock
    int macsPerPe = 32;          // k; 16-bit mode does two operand pairs per MAC per cycle
    int busStages = 4;           // a vault reaches any PE after this many cycles
    int inputBufferKB = 64;      // each of BUF Input 1 and 2, double-buffered (half computes, half fills)
    int outputBufferKB = 64;     // partial sums (32-bit), double-buffered
    int batch = 32;

    int pes() const { return vaults - 1; }
    int wordBytes() const { return 4; }  // one 32-bit word: one 32-bit value or two 16-bit values
    // Words one vault (or the bus) moves per cycle: 10 GB/s at 2.5 GHz is exactly one 32-bit word.
    double wordsPerCycle() const { return vaultGBps / (clockGHz * wordBytes()); }
    // Peak ops/s: clock × PEs × MACs × operand pairs × 2 (multiply and add).
    double peakTops(bool sixteenBit) const { return clockGHz * 1e9 * pes() * macsPerPe * (sixteenBit ? 2 : 1) * 2 / 1e12; }
    std::string peakFormula(bool sixteenBit) const;
    double secondsPerCycle() const { return 1e-9 / clockGHz; }
};

Machine machinePreset(const std::string& name);  // "hmc1", "hmc2"; throws std::invalid_argument otherwise

}  // namespace dfl::nt
