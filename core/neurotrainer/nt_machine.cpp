// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_machine.h"

#include "core/sim/metrics_json.h"

#include <stdexcept>

namespace dfl::nt {

std::string Machine::peakFormula(bool sixteenBit) const {
    return formatNumber(clockGHz) + " GHz × " + std::to_string(pes()) + " PEs × " + std::to_string(macsPerPe) +
           " MACs × " + (sixteenBit ? "2" : "1") + " operand pairs × 2 ops";
}

Machine machinePreset(const std::string& name) {
    Machine m;
    m.preset = name;
    if (name == "hmc1") return m;             // HMC 1.0: 16 vaults, 4 DRAM dies (Section 3)
    if (name == "hmc2") { m.vaults = 32; return m; }  // HMC 2.0: 32 vaults → 31 PEs (Section 5.2, Table 6)
    throw std::invalid_argument("unknown NeuroTrainer preset '" + name + "' (expected hmc1 or hmc2)");
}

}  // namespace dfl::nt
