// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The CGRA's operations priced by the energy model (docs/energy.md "CGRA"): the closed form's counters (MACs,
// row-buffer reads and writes, external words) plus the accumulator accesses the threads imply, each charged to
// an entry of the energy table. The SRAMs are sized from the array's geometry:
//   row buffers: one padded input row of the widest CONV layer each, Nix·b bits; multi-port buffers have Py read
//                ports and a write port (Py + 1), multi-bank buffers are 1W1R (2 ports): sramAccess()'s port rule
//                charges a p-port SRAM as one p² times larger, the paper's O(Py³) against O(Py) area;
//   accumulators: T partial sums of b bits per PE, read and written once per MAC (1R1W: 2 ports); T = 1 is a
//                register (register_file_16b, scaled to b bits).

#include "core/cgra/cgra_analysis.h"
#include "core/cgra/cgra_config.h"
#include "core/energy/energy_account.h"

#include <memory>
#include <string>
#include <vector>

namespace dfl::cgra {

struct CgraSrams {
    double rowBufferBytes = 0;   // one row buffer: the widest padded CONV input row
    int multiportPorts = 0;      // Py + 1
    int multibankPorts = 2;      // 1W1R
    double accumulatorBytes = 0; // T · b / 8 per PE
    bool accumulatorIsRegister = false;  // T = 1
};
CgraSrams cgraSrams(const CgraConfig& config, const std::vector<CgraLayer>& layers);

// Every table entry cgraEnergy may charge (checked when the scenario is built).
std::vector<std::string> cgraEnergyEntries(const CgraConfig& config);

// One layer's (or a sum of layers') counters priced with `buffers` row buffers.
EnergyAccount cgraEnergy(std::shared_ptr<const EnergyTable> table, const CgraConfig& config, const CgraSrams& srams,
                         const LayerCost& cost, BufferKind buffers);

}  // namespace dfl::cgra
