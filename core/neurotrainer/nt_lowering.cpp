// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_lowering.h"

#include <algorithm>
#include <sstream>

namespace dfl::nt {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

enum class Sink { Vault, Merge };

// One layer phase as a GEMM per PE (see the header). Sizes are per PE and per group.
struct Gemm {
    Op op;
    std::int64_t M = 1, K = 1, N = 1;
    int groups = 1;
    bool bBroadcast = false;   // B from the common vault over the bus (else from the PE's own vault)
    double bReuse = 1;         // conv: each input word in BUF Input 2 serves this many kernel positions
    Sink sink = Sink::Vault;
    std::int64_t fixedN = 0;   // FC-UP: output blocks exactly N_MAC wide, as the paper's program says
};

struct Blocking {
    std::int64_t m, n, k;
};

Blocking chooseBlocking(const Gemm& g, const Machine& machine) {
    const int bytes = g.op.sixteenBit ? 2 : 4;
    const std::int64_t inHalf = std::int64_t(machine.inputBufferKB) * 1024 / 2 / bytes;  // values per input half
    const std::int64_t outHalf = std::int64_t(machine.outputBufferKB) * 1024 / 2 / 4;    // 32-bit partial sums
    const std::int64_t lanes = machine.macsPerPe;
    // Output blocks up to four lane groups wide (FC-UP: exactly one), as many rows as the output half holds.
    const std::int64_t n = g.fixedN ? g.fixedN : std::min(ceilDiv(g.N, lanes) * lanes, 4 * lanes);
    const std::int64_t m = std::max<std::int64_t>(1, std::min(g.M, outHalf / n));
    const std::int64_t k = std::max<std::int64_t>(1, std::min({g.K, inHalf / m, inHalf / n}));
    return {m, n, k};
}

Tile gemmTile(const Gemm& g, const Machine& machine, std::int64_t m, std::int64_t n, std::int64_t k, bool last) {
    const int vpw = g.op.sixteenBit ? 2 : 1;
    const int rowsPerCycle = g.op.sixteenBit ? 2 : 1;
    Tile t;
    t.computeCycles = ceilDiv(m, rowsPerCycle) * k * ceilDiv(n, machine.macsPerPe);
    t.vaultReadWords = ceilDiv(m * k, vpw);
    const std::int64_t bWords = g.bBroadcast ? ceilDiv(k * n, vpw) : ceilDiv(std::int64_t(double(k * n) / g.bReuse + 0.5), vpw);
    (g.bBroadcast ? t.busInWords : t.vaultReadWords) += bWords;
    if (last) {
        const std::int64_t out = ceilDiv(m * n, vpw);
        if (g.sink == Sink::Vault) t.vaultWriteWords = out;
        else t.mergeWords = out * machine.pes();
    }
    return t;
}

// All tiles of one output block (m × n): the contraction in chunks of k, written back after the last chunk.
std::vector<Tile> block(const Gemm& g, const Machine& machine, std::int64_t m, std::int64_t n, std::int64_t k) {
    std::vector<Tile> tiles;
    const std::int64_t full = g.K / k, rest = g.K % k;
    for (std::int64_t c = 0; c < full; ++c) tiles.push_back(gemmTile(g, machine, m, n, k, rest == 0 && c + 1 == full));
    if (rest) tiles.push_back(gemmTile(g, machine, m, n, rest, true));
    return tiles;
}

Op lowerGemm(Gemm g, const Machine& machine) {
    const Blocking b = chooseBlocking(g, machine);
    const std::int64_t mFull = g.M / b.m, mRest = g.M % b.m, nFull = g.N / b.n, nRest = g.N % b.n;
    for (int group = 0; group < g.groups; ++group)
        for (std::int64_t mb = 0; mb < mFull + (mRest ? 1 : 0); ++mb) {
            const std::int64_t m = mb < mFull ? b.m : mRest;
            if (nFull) g.op.segments.push_back({block(g, machine, m, b.n, b.k), nFull});
            if (nRest) g.op.segments.push_back({block(g, machine, m, nRest, b.k), 1});
        }
    // Merge consecutive identical segments so the event model sees long repetitions.
    std::vector<Segment> merged;
    for (Segment& s : g.op.segments) {
        if (!merged.empty() && merged.back().pattern == s.pattern) merged.back().count += s.count;
        else merged.push_back(std::move(s));
    }
    g.op.segments = std::move(merged);
    g.op.gemm = {g.M, g.K, g.N, b.m, b.n, b.k, g.groups};
    std::ostringstream text;
    text << "GEMM per PE M=" << g.M << " K=" << g.K << " N=" << g.N << (g.groups > 1 ? " ×" + std::to_string(g.groups) + " groups" : "")
         << "; blocks " << b.m << "×" << b.n << ", chunks of " << b.k << "; B " << (g.bBroadcast ? "broadcast" : "from own vault")
         << "; output " << (g.sink == Sink::Merge ? "merged into the common vault" : "to own vault");
    g.op.lowering = text.str();
    return g.op;
}

// Data movement without MACs, in chunks that fit one input half.
Op lowerMove(Op op, const Machine& machine, std::int64_t readWords, std::int64_t busInWords, std::int64_t writeWords,
             std::int64_t mergeWords, std::int64_t computeCycles = 0) {
    const std::int64_t halfWords = std::int64_t(machine.inputBufferKB) * 1024 / 2 / machine.wordBytes();
    const std::int64_t chunks = std::max<std::int64_t>(1, ceilDiv(std::max(readWords, busInWords / machine.pes()), halfWords));
    Tile t;
    t.computeCycles = ceilDiv(computeCycles, chunks);
    t.vaultReadWords = ceilDiv(readWords, chunks);
    t.busInWords = ceilDiv(busInWords, chunks);
    t.vaultWriteWords = ceilDiv(writeWords, chunks);
    t.mergeWords = ceilDiv(mergeWords, chunks);
    op.segments = {{{t}, chunks}};
    std::ostringstream text;
    text << chunks << " chunks per PE: " << readWords << " words read, " << writeWords << " written"
         << (busInWords ? ", " + std::to_string(busInWords) + " bus words in" : "")
         << (mergeWords ? ", " + std::to_string(mergeWords) + " bus words merged" : "");
    op.lowering = text.str();
    return op;
}

Op makeOp(const Layer& l, Phase phase, OpKind kind, bool sixteen, std::int64_t usefulMacs) {
    Op op;
    op.layer = l.name;
    op.phase = phase;
    op.kind = kind;
    op.sixteenBit = sixteen;
    op.usefulMacs = usefulMacs;
    return op;
}

struct Lowerer {
    const Machine& machine;
    const LoweringOptions& options;
    std::int64_t batch() const { return machine.batch; }
    int pes() const { return machine.pes(); }
    // Rows of a (batch × height) stack of maps each PE owns (the input is partitioned with boundary overlap).
    std::int64_t rowsPerPe(int height) const { return ceilDiv(batch() * height, pes()); }
    // Values of C×H×W maps of the whole batch that one PE holds.
    std::int64_t perPe(const Shape& s) const { return rowsPerPe(s.h) * s.w * s.c; }

    Op convFF(const Layer& l) const {
        Gemm g{makeOp(l, Phase::FF, OpKind::ConvFF, true, l.forwardMacs * batch())};
        g.groups = l.groups;
        g.M = l.outChannels / l.groups;
        g.K = std::int64_t(l.input.c / l.groups) * l.kernelH * l.kernelW;
        g.N = rowsPerPe(l.output.h) * l.output.w;
        g.bReuse = std::max(1.0, double(l.kernelH * l.kernelW) / double(l.strideH * l.strideW));
        return lowerGemm(g, machine);
    }
    Op convBP(const Layer& l) const {
        Gemm g{makeOp(l, Phase::BP, OpKind::ConvBP, false, l.backwardInputMacs * batch())};
        const std::int64_t taps = ceilDiv(l.kernelH, l.strideH) * ceilDiv(l.kernelW, l.strideW);  // per stride phase
        g.groups = l.groups;
        g.M = l.input.c / l.groups;
        g.K = std::int64_t(l.outChannels / l.groups) * taps;
        g.N = rowsPerPe(l.input.h) * l.input.w;
        g.bReuse = double(taps);
        return lowerGemm(g, machine);
    }
    Op convUP(const Layer& l) const {
        Gemm g{makeOp(l, Phase::UP, OpKind::ConvUP, false, l.backwardWeightMacs * batch())};
        g.groups = l.groups;
        g.M = l.outChannels / l.groups;
        g.K = rowsPerPe(l.output.h) * l.output.w;
        g.N = std::int64_t(l.input.c / l.groups) * l.kernelH * l.kernelW;
        g.sink = Sink::Merge;
        return lowerGemm(g, machine);
    }
    Op fc(const Layer& l, Phase phase) const {
        const std::int64_t inputs = l.input.elements(), outputs = l.outChannels;
        Gemm g{makeOp(l, phase, phase == Phase::FF ? OpKind::FcFF : phase == Phase::BP ? OpKind::FcBP : OpKind::FcUP,
                      phase == Phase::FF, (phase == Phase::UP ? l.backwardWeightMacs : phase == Phase::BP ? l.backwardInputMacs : l.forwardMacs) * batch())};
        g.bBroadcast = true;
        if (phase == Phase::UP) {
            g.M = ceilDiv(outputs, pes());
            g.K = batch();
            g.N = inputs;
            g.fixedN = machine.macsPerPe;
            return lowerGemm(g, machine);
        }
        g.M = ceilDiv(phase == Phase::FF ? outputs : inputs, pes());
        g.K = phase == Phase::FF ? inputs : outputs;
        g.N = batch();
        g.sink = Sink::Merge;
        return lowerGemm(g, machine);
    }
    Op poolFF(const Layer& l) const {
        const bool global = l.type == LayerType::GlobalAvgPool;
        const std::int64_t window = global ? std::int64_t(l.input.h) * l.input.w : std::int64_t(l.kernelH) * l.kernelW;
        const std::int64_t outs = perPe(l.output), ins = perPe(l.input);
        const std::int64_t ids = l.type == LayerType::MaxPool ? ceilDiv(outs, 2) : 0;  // argmax for backprop
        return lowerMove(makeOp(l, Phase::FF, OpKind::PoolFF, true, 0), machine, ceilDiv(ins, 2), 0,
                         ceilDiv(outs, 2) + ids, 0, ceilDiv(outs, 2 * machine.macsPerPe) * window);
    }
    Op poolBP(const Layer& l) const {
        const std::int64_t outs = perPe(l.output), ins = perPe(l.input);
        const std::int64_t ids = l.type == LayerType::MaxPool ? ceilDiv(outs, 2) : 0;
        return lowerMove(makeOp(l, Phase::BP, OpKind::PoolBP, false, 0), machine, outs + ids, 0, ins, 0);
    }
    Op pad(const Layer& l, bool add) const {
        const Shape padded{l.input.c, l.input.h + l.pad.top + l.pad.bottom, l.input.w + l.pad.left + l.pad.right};
        const int vpw = add ? 2 : 1;
        const std::int64_t plain = ceilDiv(perPe(l.input), vpw), big = ceilDiv(perPe(padded), vpw);
        return lowerMove(makeOp(l, Phase::Prep, add ? OpKind::AddPad : OpKind::RemovePad, add, 0), machine,
                         add ? plain : big, 0, add ? big : plain, 0);
    }
    Op merge(const Layer& l) const {  // partitioned maps → common vault, before the first FC layer (16-bit)
        const std::int64_t words = ceilDiv(perPe(l.input), 2);
        return lowerMove(makeOp(l, Phase::Prep, OpKind::Merge, true, 0), machine, words, 0, 0, words * pes());
    }
    Op partition(const Layer& l, std::int64_t valuesPerPe) const {  // common vault → every vault (32-bit)
        return lowerMove(makeOp(l, Phase::Prep, OpKind::Partition, false, 0), machine, 0, valuesPerPe * pes(), valuesPerPe, 0);
    }
    Op duplicate(const Layer& l) const {  // updated kernels from the common vault into every vault
        const std::int64_t words = l.params;
        return lowerMove(makeOp(l, Phase::Prep, OpKind::Duplicate, false, 0), machine, 0, words, words, 0);
    }
};

bool isPool(LayerType t) { return t == LayerType::MaxPool || t == LayerType::AvgPool || t == LayerType::GlobalAvgPool; }
bool hasPad(const Layer& l) { return l.pad.top || l.pad.bottom || l.pad.left || l.pad.right; }

}  // namespace

std::vector<Op> lowerNetwork(const Network& network, const Machine& machine, const LoweringOptions& options) {
    const Lowerer lw{machine, options};
    std::vector<Op> ops;
    // Where the current activations live: partitioned across the PE vaults (maps) or in the common vault (vectors).
    bool inCommon = false;
    int firstMac = -1;
    for (int i = 0; i < network.size(); ++i) {
        const Layer& l = network.layer(i);
        if (l.type == LayerType::Conv) {
            if (firstMac < 0) firstMac = i;
            if (inCommon) ops.push_back(lw.partition(l, lw.perPe(l.input)));
            inCommon = false;
            if (hasPad(l)) ops.push_back(lw.pad(l, true));
            ops.push_back(lw.convFF(l));
        } else if (l.type == LayerType::FullyConnected) {
            if (firstMac < 0) firstMac = i;
            if (!inCommon) ops.push_back(lw.merge(l));
            inCommon = true;
            ops.push_back(lw.fc(l, Phase::FF));
        } else if (isPool(l.type) && !inCommon) {
            ops.push_back(lw.poolFF(l));
        }
    }
    if (!options.training) return ops;

    // Backward: gradients start in the common vault when the network ends in FC layers (the loss runs on the
    // common vault's PMAG look-up tables), else partitioned.
    bool gradInCommon = inCommon;
    for (int i = network.size() - 1; i >= 0; --i) {
        const Layer& l = network.layer(i);
        const bool first = i == firstMac;
        if (l.type == LayerType::FullyConnected) {
            if (!gradInCommon) ops.push_back(lw.merge(l));  // rare: FC fed by a partitioned gradient
            if (!first || options.backpropFirstLayer) ops.push_back(lw.fc(l, Phase::BP));
            ops.push_back(lw.partition(l, lw.batch() * ceilDiv(l.outChannels, lw.pes())));  // dY rows for FC-UP
            ops.push_back(lw.fc(l, Phase::UP));
            gradInCommon = true;
        } else if (l.type == LayerType::Conv) {
            if (gradInCommon) ops.push_back(lw.partition(l, lw.perPe(l.output)));
            gradInCommon = false;
            if (!first || options.backpropFirstLayer) {
                ops.push_back(lw.convBP(l));
                if (hasPad(l)) ops.push_back(lw.pad(l, false));
            }
            ops.push_back(lw.convUP(l));
            ops.push_back(lw.duplicate(l));
        } else if (isPool(l.type)) {
            if (gradInCommon) ops.push_back(lw.partition(l, lw.perPe(l.output)));  // back from FC to maps
            gradInCommon = false;
            ops.push_back(lw.poolBP(l));
        }
    }
    return ops;
}

}  // namespace dfl::nt
