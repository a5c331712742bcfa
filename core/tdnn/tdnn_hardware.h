// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Published hardware figures of seed 002 (Toshiba talk: TDNN, A-SSCC 2016), kept as data with their sources,
// and what they imply for a network we evaluate.

#include "core/energy/energy_account.h"
#include "core/sim/metrics_report.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfl {

// Energy efficiency of the TDNN test chip and ReRAM blueprint (talk's comparison table and the paper's abstract,
// "excludes external I/O"). The press material quotes 20.6 fJ/op instead; 1/48.2 TSOp/s/W = 20.75 fJ/SOp, and
// that is the figure the energy table tdnn-65nm holds (entry synaptic_op), so the energy and the table agree.
inline constexpr double kTdnnTsopsPerWatt = 48.2;
inline constexpr double kTdnnPressFemtojoulePerOp = 20.6;
inline constexpr int kBlueprintGatesPerPe = 3;        // "3 2-input NAND + memory cell (e.g. ReRAM)"
inline constexpr double kBlueprintPeAreaUm2 = 1.5;    // "1.5 µm² @28nm = 230M PEs / 4 cm²"
inline constexpr int kTestChipPes = 32768;            // "65nm CMOS, # of processing elements: 32768"

// The energy table's figure per synaptic operation, in fJ (synaptic_op).
double femtojoulePerSynapticOp(const EnergyTable& table);
std::vector<std::string> tdnnEnergyEntries();
// One account per weight layer: its synaptic operations per image (inputs × outputs, one per PE) at synaptic_op.
std::vector<EnergyAccount> tdnnLayerEnergy(const std::vector<int>& layerSizes, std::shared_ptr<const EnergyTable> table);

struct NetworkHardwareFigures {
    std::int64_t processingElements = 0;  // one PE per weight (fully spatially unrolled)
    std::int64_t synapticOpsPerImage = 0; // one per PE per image
    double blueprintAreaMm2 = 0;          // PEs × 1.5 µm² (28 nm blueprint)
    std::int64_t blueprintGates = 0;      // PEs × 3 NAND2
    double testChipsNeeded = 0;           // PEs / 32768
};
NetworkHardwareFigures hardwareFigures(const std::vector<int>& layerSizes);

// The talk's "Performance comparison" table plus a row for our network; "-" where the talk gives no value.
Table hardwareComparisonTable(const std::vector<int>& layerSizes, double energyPerImageNj);
// The talk's LOGNET table: top-5 accuracy after linear and log2 encoding of all layers' weights, no retraining.
Table lognetPublishedTable();

}  // namespace dfl
