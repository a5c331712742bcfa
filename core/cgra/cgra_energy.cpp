// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cgra/cgra_energy.h"

#include <algorithm>

namespace dfl::cgra {

CgraSrams cgraSrams(const CgraConfig& c, const std::vector<CgraLayer>& layers) {
    CgraSrams s;
    int widest = 1;
    for (const CgraLayer& l : layers)
        if (l.isConv()) widest = std::max(widest, l.nix);
    s.rowBufferBytes = widest * c.bytesPerWord();
    s.multiportPorts = c.py + 1;
    s.accumulatorBytes = c.threads * c.bytesPerWord();
    s.accumulatorIsRegister = c.threads == 1;
    return s;
}

std::vector<std::string> cgraEnergyEntries(const CgraConfig& c) {
    const MacEntries mac = macEntries(c.bits, false);
    return {mac.mult,           mac.add,           "register_file_16b", "sram_read_8kb_64b", "sram_read_32kb_64b",
            "sram_read_1mb_64b", "sram_write_8kb_64b", "sram_write_32kb_64b", "sram_write_1mb_64b", "dram_64b"};
}

EnergyAccount cgraEnergy(std::shared_ptr<const EnergyTable> table, const CgraConfig& c, const CgraSrams& s,
                         const LayerCost& k, BufferKind buffers) {
    EnergyAccount a(table);
    const EnergyTable& t = *table;
    const double b = c.bits;
    const MacEntries mac = macEntries(c.bits, false);
    const double macs = double(k.macs);
    a.charge("MACs (multiply + add)", macs, "MAC", {{mac.mult, 1}, {mac.add, 1}});
    if (s.accumulatorIsRegister) {
        a.chargeBits("accumulator read", macs, "MAC", "register_file_16b", b);
        a.chargeBits("accumulator write", macs, "MAC", "register_file_16b", b);
    } else {
        a.chargeSram("accumulator read", macs, "MAC", sramAccess(t, false, s.accumulatorBytes, 2, b));
        a.chargeSram("accumulator write", macs, "MAC", sramAccess(t, true, s.accumulatorBytes, 2, b));
    }
    const bool multiport = buffers == BufferKind::MultiPort;
    const int ports = multiport ? s.multiportPorts : s.multibankPorts;
    a.chargeSram("row-buffer reads", double(k.bufferReads), "word", sramAccess(t, false, s.rowBufferBytes, ports, b));
    a.chargeSram("row-buffer writes", double(multiport ? k.bufferWritesMultiport : k.bufferWritesMultibank), "word",
                 sramAccess(t, true, s.rowBufferBytes, ports, b));
    a.chargeBits("DRAM input words", double(k.inputWords), "word", "dram_64b", b);
    a.chargeBits("DRAM weight words", double(k.weightWords), "word", "dram_64b", b);
    a.chargeBits("DRAM output words", double(k.outputWords), "word", "dram_64b", b);
    return a;
}

}  // namespace dfl::cgra
