// SPDX-License-Identifier: GPL-3.0-or-later
// The CGRA's timeline for the whole network, layer after layer as the closed form times them: one track of
// layers and one of row blocks (the output blocks of Px × Py positions a layer is computed in, group by group;
// for FC, the blocks of Px·Py outputs). Every block of a convolution takes the same cycles (Eq. (1) per block);
// an FC block takes Ni·Px cycles through the row buffers (Eq. (6)) or Ni per output on the weight bus.
#include "core/cgra/cgra_analysis.h"
#include "core/cgra/cgra_model.h"

namespace dfl::cgra {

Trace CgraModel::trace() const {
    Trace t;
    constexpr int pid = 1, layerTrack = 1, blockTrack = 2;
    const std::string process = "CGRA " + std::to_string(config_.px) + "×" + std::to_string(config_.py) + " (" + networkName_ + ")";
    t.addTrack(pid, layerTrack, process, "layers");
    t.addTrack(pid, blockTrack, process, "row blocks");
    auto us = [&](std::int64_t cycles) { return timeMs(config_, cycles) * 1000; };
    std::int64_t start = 0;
    for (const CgraLayer& l : layers_) {
        const LayerCost cost = closedFormCost(config_, l);
        if (!t.addSlice({pid, layerTrack, l.name, l.isConv() ? "conv" : "fc", us(start), us(cost.cycles),
                         {{"shape", l.shapeText()}, {"cycles", cost.cycles}, {"macs", cost.macs},
                          {"input_words", cost.inputWords}, {"weight_words", cost.weightWords}}}))
            return t;
        std::int64_t at = start;
        auto block = [&](std::int64_t cycles, std::vector<std::pair<std::string, Cell>> args) {
            args.insert(args.begin(), {"layer", l.name});
            args.push_back({"cycles", cycles});
            const bool room = t.addSlice({pid, blockTrack, l.name + " block", "row block", us(at), us(cycles), std::move(args)});
            at += cycles;
            return room;
        };
        if (l.isConv()) {
            const std::int64_t cx = ceilDiv(l.nox, config_.px), cy = ceilDiv(l.noy, config_.py);
            const std::int64_t perBlock = cost.cycles / (l.groups * cx * cy);  // exact: every block takes the same
            for (int g = 0; g < l.groups; ++g)
                for (std::int64_t by = 0; by < cy; ++by)
                    for (std::int64_t bx = 0; bx < cx; ++bx)
                        if (!block(perBlock, {{"group", std::int64_t(g)}, {"block_row", by}, {"block_column", bx}})) return t;
        } else {
            const std::int64_t pes = config_.pes();
            for (std::int64_t first = 0; first < l.no; first += pes) {
                const std::int64_t outputs = std::min(pes, l.no - first);
                const std::int64_t cycles = config_.fcMapping == FcMapping::RowBuffers ? l.ni * config_.px : l.ni * outputs;
                if (!block(cycles, {{"first_output", first}, {"outputs", outputs}})) return t;
            }
        }
        start += cost.cycles;
    }
    t.addNote("cgra: the network's layers one after another as the closed form times them (" +
              std::to_string(start) + " cycles at " + std::to_string(config_.frequencyMhz) + " MHz)");
    return t;
}

}  // namespace dfl::cgra
