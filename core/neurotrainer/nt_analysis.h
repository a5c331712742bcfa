// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A whole training step (or inference) of a network on one NeuroTrainer, op by op with the event model, and what
// follows from it: per-layer latency and TOPS (Figure 13), DRAM traffic, power (Table 5) and multi-NeuroTrainer
// scaling (Figure 17).

#include "core/network/network.h"
#include "core/neurotrainer/nt_event_model.h"
#include "core/neurotrainer/nt_lowering.h"
#include "core/neurotrainer/nt_machine.h"
#include "core/neurotrainer/nt_op.h"

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

// Table 5 component powers (15 nm FinFET) plus DRAM energy per bit times the simulated traffic.
struct PowerParams {
    double peW = 0.155, pmagW = 3.16e-3, vaultCtrlW = 4.27e-3, busW = 3.70e-2, iBufferW = 1.02e-2;
    double dramPjPerBit = 3.7;
};
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
