// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cgra/cgra_analysis.h"

#include "core/sim/metrics_json.h"

#include <algorithm>

namespace dfl::cgra {

namespace {

// One convolution group (the closed form of the schedule in cgra_array.cpp).
LayerCost convGroupCost(const CgraConfig& c, const CgraLayer& l) {
    const std::int64_t px = c.px, py = c.py, h = l.kernel, s = l.stride;
    const std::int64_t cx = ceilDiv(l.nox, px), cy = ceilDiv(l.noy, py);
    const std::int64_t fullRowBlocks = l.noy / py, ry = l.noy - py * fullRowBlocks;
    const std::int64_t threadGroups = ceilDiv(l.co, c.threads);
    const std::int64_t phases = std::min(s, h);
    const std::int64_t stepsPerPass = phases * (px - 1) + h;  // Eq. (1)'s Px + H − 1 when s = 1
    const std::int64_t usedWidth = std::int64_t(l.nox - 1) * s + h;
    // Input rows a row block of n output rows needs: (n − 1)·s + H.
    const std::int64_t rowsLoaded = fullRowBlocks * ((py - 1) * s + h) + (ry > 0 ? (ry - 1) * s + h : 0);
    const std::int64_t rowSets = threadGroups * l.ci;  // row sets loaded per row block

    LayerCost k;
    k.cycles = stepsPerPass * h * l.co * l.ci * cx * cy;
    k.inputWords = rowSets * rowsLoaded * usedWidth;
    k.weightWords = h * h * l.ci * l.co * cx * cy;
    k.outputWords = std::int64_t(l.nox) * l.noy * l.co;
    // Per pass each PE row reads min(s,H)·(Rb − 1) + H words (one per step that carries a needed column).
    k.bufferReads = rowSets * h * l.noy * (phases * (l.nox - cx) + h * cx);
    k.bufferWritesMultiport = k.inputWords;
    // Multi-bank: each weight row after the first rewrites every active PE row's bank with the whole row it
    // needs next (1×1 kernels never change rows, so only the load writes): at most H writes per element.
    k.bufferWritesMultibank = k.inputWords + rowSets * l.noy * (h - 1) * usedWidth;
    k.macs = std::int64_t(l.nox) * l.noy * l.co * l.ci * h * h;
    k.assignedPeCycles = stepsPerPass * h * l.ci * l.co * l.nox * l.noy;
    return k;
}

LayerCost fcCost(const CgraConfig& c, const CgraLayer& l) {
    const std::int64_t pes = c.pes(), blocks = ceilDiv(l.no, pes);
    LayerCost k;
    k.inputWords = l.ni * blocks;  // the input element is broadcast once per block
    k.weightWords = l.ni * l.no;
    k.outputWords = l.no;
    k.macs = l.ni * l.no;
    if (c.fcMapping == FcMapping::RowBuffers) {
        k.cycles = l.ni * c.px * blocks;
        k.bufferReads = k.weightWords;
        k.bufferWritesMultiport = k.bufferWritesMultibank = k.weightWords;
        k.assignedPeCycles = l.no * l.ni * c.px;  // Σ_b A_b · Ni · Px
    } else {
        k.cycles = l.ni * l.no;
        const std::int64_t full = l.no / pes, last = l.no - full * pes;
        k.assignedPeCycles = l.ni * (full * pes * pes + last * last);  // Σ_b A_b · Ni · A_b
    }
    return k;
}

}  // namespace

LayerCost& LayerCost::operator+=(const LayerCost& o) {
    cycles += o.cycles;
    inputWords += o.inputWords;
    weightWords += o.weightWords;
    outputWords += o.outputWords;
    bufferReads += o.bufferReads;
    bufferWritesMultiport += o.bufferWritesMultiport;
    bufferWritesMultibank += o.bufferWritesMultibank;
    macs += o.macs;
    assignedPeCycles += o.assignedPeCycles;
    return *this;
}

LayerCost closedFormCost(const CgraConfig& config, const CgraLayer& layer) {
    if (!layer.isConv()) return fcCost(config, layer);
    LayerCost total;
    const LayerCost group = convGroupCost(config, layer);
    for (int g = 0; g < layer.groups; ++g) total += group;  // groups run one after another
    return total;
}

double timeMs(const CgraConfig& config, std::int64_t cycles) { return double(cycles) / (config.frequencyMhz * 1e3); }

double rateMBs(const CgraConfig& config, std::int64_t words, std::int64_t cycles) {
    if (cycles == 0) return 0;
    return double(words) * config.bytesPerWord() * config.frequencyMhz / double(cycles);  // MHz·B = MB/s
}

double utilisation(const CgraConfig& config, const LayerCost& cost) {
    return cost.cycles ? double(cost.assignedPeCycles) / (double(config.pes()) * double(cost.cycles)) : 0;
}

double macUtilisation(const CgraConfig& config, const LayerCost& cost) {
    return cost.cycles ? double(cost.macs) / (double(config.pes()) * double(cost.cycles)) : 0;
}

double arithmeticIntensity(const LayerCost& cost) {
    const std::int64_t words = cost.inputWords + cost.weightWords;
    return words ? 2.0 * double(cost.macs) / double(words) : 0;
}

double inputRateMBs(const CgraConfig& config, const CgraLayer& layer, const LayerCost& cost) {
    return rateMBs(config, cost.inputWords + (layer.isConv() ? 0 : cost.weightWords), cost.cycles);
}

std::int64_t idealConvCycles(const CgraConfig& c, const CgraLayer& l) {
    if (!l.isConv()) return closedFormCost(c, l).cycles;
    return std::int64_t(l.groups) * l.kernel * l.kernel * l.ci * l.co * ceilDiv(l.nox, c.px) * ceilDiv(l.noy, c.py);
}

std::int64_t paperEq1Cycles(const CgraConfig& c, const CgraLayer& l) {
    return std::int64_t(l.groups) * (c.px + l.kernel - 1) * l.kernel * l.co * l.ci * ceilDiv(l.nox, c.px) *
           ceilDiv(l.noy, c.py);
}

std::int64_t paperEq2InputWords(const CgraConfig& c, const CgraLayer& l) {
    return std::int64_t(l.groups) * (c.py + l.kernel - 1) * l.nix * ceilDiv(l.noy, c.py) * ceilDiv(l.co, c.threads) *
           l.ci;
}

std::int64_t paperEq6Cycles(const CgraConfig& c, const CgraLayer& l) { return l.ni * c.px * ceilDiv(l.no, c.pes()); }

std::int64_t paperEq7InputWords(const CgraConfig& c, const CgraLayer& l) {
    return l.ni * (c.pes() + 1) * ceilDiv(l.no, c.pes());
}

std::string cyclesFormula(const CgraConfig& c, const CgraLayer& l) {
    const auto n = [](std::int64_t v) { return formatNumber(double(v)); };
    if (!l.isConv()) {
        if (c.fcMapping == FcMapping::RowBuffers)
            return "Ni·Px·⌈No/(Px·Py)⌉ = " + n(l.ni) + "·" + n(c.px) + "·" + n(ceilDiv(l.no, c.pes()));
        return "Ni·No (one weight word per cycle) = " + n(l.ni) + "·" + n(l.no);
    }
    const std::int64_t phases = std::min(l.stride, l.kernel);
    std::string text = (l.groups > 1 ? n(l.groups) + " groups · " : std::string()) + "(min(s,H)·(Px−1)+H)·H·Co·Ci·⌈Nox/Px⌉·⌈Noy/Py⌉ = ";
    if (l.groups > 1) text += n(l.groups) + "·";
    return text + "(" + n(phases) + "·" + n(c.px - 1) + "+" + n(l.kernel) + ")·" + n(l.kernel) + "·" + n(l.co) + "·" +
           n(l.ci) + "·" + n(ceilDiv(l.nox, c.px)) + "·" + n(ceilDiv(l.noy, c.py));
}

}  // namespace dfl::cgra
