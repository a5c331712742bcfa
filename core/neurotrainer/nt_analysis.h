// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A whole training step (or inference) of a network on one NeuroTrainer, op by op with the event model, and what
// follows from it: per-layer latency and TOPS (Figure 13), DRAM traffic, power (Table 5) and multi-NeuroTrainer
// scaling (Figure 17).

#include "core/energy/energy_account.h"
#include "core/network/network.h"
#include "core/neurotrainer/nt_event_model.h"
#include "core/neurotrainer/nt_lowering.h"
#include "core/neurotrainer/nt_machine.h"
#include "core/neurotrainer/nt_op.h"

#include <memory>
#include <string>
#include <vector>

namespace dfl::nt {

struct OpResult {
    Op op;
    OpTiming timing;
    std::int64_t startCycle = 0;  // ops run one after another
    std::int64_t dramWords = 0;   // all vaults: each PE's vault traffic × PEs, plus the common vault's
    double seconds(const Machine& m) const { return double(timing.cycles) * m.secondsPerCycle(); }
    double tops(const Machine& m) const;
};

struct NetworkRun {
    Machine machine;
    std::vector<OpResult> ops;
    size_t forwardOps = 0;  // the first ops are the forward pass (with its data preparation): inference
    std::int64_t cycles() const { return ops.empty() ? 0 : ops.back().startCycle + ops.back().timing.cycles; }
    double inferenceSeconds() const;  // per batch: the forward ops

    double trainingSeconds() const;   // per batch
    double inferenceOps() const;      // per batch, multiply and add counted as two
    double trainingOps() const;
    double dramBytes() const;         // per batch, training
};

NetworkRun runNetwork(const Network& network, const Machine& machine, const LoweringOptions& options);

// Table 5 component powers (15 nm FinFET) and the DRAM energy per bit, as entries of an energy table
// (resources/energy/neurotrainer-15nm.json by default: pe_power, pmag_power, vault_controller_power, bus_power,
// ibuffer_power in W, dram_bit in pJ per bit).
struct PowerParams {
    std::shared_ptr<const EnergyTable> table;  // null: the built-in neurotrainer-15nm
    std::shared_ptr<const EnergyTable> energy() const;
    double watts(const std::string& entry) const { return energy()->entry(entry).value; }  // for formulas
    double peW() const { return watts("pe_power"); }
    double pmagW() const { return watts("pmag_power"); }
    double vaultCtrlW() const { return watts("vault_controller_power"); }
    double busW() const { return watts("bus_power"); }
    double iBufferW() const { return watts("ibuffer_power"); }
    double dramPjPerBit() const { return energy()->pj("dram_bit"); }
};
std::vector<std::string> neurotrainerEnergyEntries();

// The energy of `seconds` of the logic die (`pes` PEs, every vault's PMAG and controller, the bus and the
// instruction buffer, each busy throughout) and `dramBits` of DRAM traffic: component-seconds and bits charged to
// the table (docs/energy.md "NeuroTrainer").
EnergyAccount neurotrainerEnergy(const Machine& m, double seconds, double dramBits, const PowerParams& p);
// The whole run (trainingSeconds, dramBytes), and one op of it.
EnergyAccount runEnergy(const NetworkRun& run, const PowerParams& p);
EnergyAccount opEnergy(const NetworkRun& run, const OpResult& op, const PowerParams& p);

// Average power during the run, component by component: the run's energy over its time.
struct PowerBreakdown {
    double pes = 0, pmags = 0, vaultControllers = 0, bus = 0, iBuffer = 0, dram = 0;
    double logic() const { return pes + pmags + vaultControllers + bus + iBuffer; }
    double total() const { return logic() + dram; }
};
PowerBreakdown trainingPower(const NetworkRun& run, const PowerParams& p);

// Synchronous training on N NeuroTrainers with a central updater (Section 5.3):
// latency = T1 + N · T_update + 2 · N · T_transfer per N × batch images.
struct ScalingParams {
    int maxNodes = 64;
    double linkGBps = 240;                // NeuroTrainer ↔ host
    double k1Gflops = 326;                // Tegra K1 peak
    double updateFlopsPerParameter = 100; // what the paper's 42.4 ms for 138 M parameters on 326 GFLOPS implies
    double transferBytesPerParameter = 8; // what its 4.61 ms for 138 M parameters at 240 GB/s implies
    std::int64_t parameters = 0;          // weights exchanged per step
    double p100ImagesPerS = 150, p100W = 400;  // one P100 of a DGX-1 training VGG16 (paper's reference [39])
};
struct ScalingPoint {
    int nodes = 0;
    std::string host;
    double t1Ms = 0, updateMs = 0, transferMs = 0, latencyMs = 0, imagesPerS = 0;
    std::string formula;
};
ScalingPoint scalingPoint(int nodes, const std::string& host, double hostGflops, double t1Seconds, int batch,
                          const ScalingParams& p);

}  // namespace dfl::nt
