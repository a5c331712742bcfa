// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_programs.h"

#include <map>

namespace dfl::nt {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return b <= 0 ? 0 : (a + b - 1) / b; }

PmagProgram pmag(const Op& op, std::string vault, std::array<std::int64_t, 7> r, std::array<std::string, 4> f,
                 std::array<std::string, 4> stuv = {"-", "-", "-", "-"}, int stride = 1) {
    return {op.layer, opKindName(op.kind), std::move(vault), r, std::move(f), std::move(stuv), stride};
}

// The maps an op moves, for Table 3 (channels, rows of one PE's partition, width).
Shape movedShape(const Layer& l, OpKind kind) {
    if (kind == OpKind::Merge || kind == OpKind::AddPad) return l.input;
    if (kind == OpKind::RemovePad)
        return {l.input.c, l.input.h + l.pad.top + l.pad.bottom, l.input.w + l.pad.left + l.pad.right};
    return l.output;  // Partition: the gradient arriving at this layer
}

}  // namespace

Programs generatePrograms(const Network& network, const std::vector<Op>& ops, const Machine& machine) {
    Programs out;
    const std::int64_t batch = machine.batch;
    for (const Op& op : ops) {
        const int index = network.indexOf(op.layer);
        if (index < 0) continue;
        const Layer& l = network.layer(index);
        const GemmShape& g = op.gemm;
        const std::string name = opKindName(op.kind);
        switch (op.kind) {
        case OpKind::ConvFF:
            out.pmag.push_back(pmag(op, "I", {l.outChannels, l.output.h, l.output.w, batch, l.input.c / l.groups, l.kernelH, l.kernelW},
                                    {"r4", "q", "p", "r5"}, {"r2", "r6", "r3", "r7"}, l.strideH));
            out.pe.push_back({l.name, name, 16, std::to_string(l.kernelH) + ", " + std::to_string(l.kernelW),
                              std::to_string(l.kernelW * l.kernelH)});
            break;
        case OpKind::ConvBP:
            out.pmag.push_back(pmag(op, "I", {l.input.c, l.input.h, l.input.w, batch, l.outChannels, l.kernelH, l.kernelW},
                                    {"r4", "q", "p", "r5"}, {"r2", "r6", "r3", "r7"}));
            out.pe.push_back({l.name, name, 32, std::to_string(l.kernelH) + ", " + std::to_string(l.kernelW),
                              std::to_string(l.kernelW * l.kernelH)});
            break;
        case OpKind::ConvUP:
            out.pmag.push_back(pmag(op, "I", {1, batch, l.output.h, l.output.w, l.input.c, l.kernelH, l.kernelW},
                                    {"q", "p", "r5", "r2"}, {"r3", "r6", "r4", "r7"}, l.strideH));
            out.pe.push_back({l.name, name, 32, std::to_string(g.blockM) + ", " + std::to_string(g.chunkK), std::to_string(g.chunkK)});
            break;
        case OpKind::FcFF:
        case OpKind::FcBP: {
            // H × W is the PE's part of the weight matrix (W^T for BP), P × L its blocks, K the batch columns.
            const std::array<std::int64_t, 7> r{ceilDiv(g.M, g.blockM), ceilDiv(g.K, g.chunkK), g.blockM, g.chunkK, g.N, 1, 1};
            out.pmag.push_back(pmag(op, "C", r, {"r4", "r2", "r5", "0"}));
            out.pmag.push_back(pmag(op, "I", r, {"r4", "r3", "r2", "r1"}));
            out.pe.push_back({l.name, name, op.kind == OpKind::FcFF ? 16 : 32,
                              std::to_string(g.blockM) + ", " + std::to_string(g.chunkK), std::to_string(g.chunkK)});
            break;
        }
        case OpKind::FcUP: {
            const std::int64_t h = g.blockM, nmac = machine.macsPerPe;
            out.pmag.push_back(pmag(op, "C", {ceilDiv(g.M, h), ceilDiv(g.N, nmac), g.K, nmac, 1, 1, 1}, {"r4", "r3", "r2", "r1"}));
            out.pmag.push_back(pmag(op, "I", {ceilDiv(g.M, h), ceilDiv(g.N, nmac), g.K, h, 1, 1, 1}, {"r4", "r3", "r2", "r1"}));
            out.pe.push_back({l.name, name, 32, std::to_string(h), "1"});
            break;
        }
        case OpKind::Merge:
        case OpKind::Partition:
        case OpKind::AddPad:
        case OpKind::RemovePad: {
            const Shape s = movedShape(l, op.kind);
            const bool fc = l.type == LayerType::FullyConnected && op.kind == OpKind::Partition;
            const std::int64_t d = fc ? l.outChannels : s.c;
            const std::int64_t ph = fc ? 1 : ceilDiv(batch * s.h, machine.pes());  // rows of one PE's partition
            const std::int64_t w = fc ? batch : s.w;
            if (op.kind == OpKind::Merge) out.pmag.push_back(pmag(op, "C", {d, ph, w, 1, 1, 1, 1}, {"r3", "r2", "r1", "0"}));
            else if (op.kind == OpKind::Partition) out.pmag.push_back(pmag(op, "C", {d, fc ? 1 : batch * s.h, w, 1, 1, 1, 1}, {"0", "0", "0", "1"}));
            else if (op.kind == OpKind::AddPad)
                out.pmag.push_back(pmag(op, "I", {d, ph, w, 1, 1, 1, 1}, {"p", "q", "r1", "0"}, {"r3", "r", "r2", "r"}));
            else out.pmag.push_back(pmag(op, "I", {d, ph, w, 1, 1, 1, 1}, {"r3", "r2", "r1", "0"}));
            ++out.pmagOnlyOps;
            break;
        }
        default: break;  // pooling and kernel duplication reuse the streaming programs above
        }
    }
    return out;
}

PmagState pmagStateAfter(const PmagProgram& program, std::int64_t emitted) {
    PmagState st;
    std::int64_t product = 1;
    for (std::int64_t r : program.ranges) product *= std::max<std::int64_t>(1, r);
    std::int64_t x = product > 0 ? emitted % product : 0;
    for (int i = 6; i >= 0; --i) {  // r7 is the innermost counter
        const std::int64_t r = std::max<std::int64_t>(1, program.ranges[size_t(i)]);
        st.counters[size_t(i)] = x % r;
        x /= r;
    }
    auto counterOf = [&](const std::string& token, std::int64_t& value, std::int64_t& dim) {
        if (token.size() == 2 && token[0] == 'r' && token[1] >= '1' && token[1] <= '7') {
            const size_t i = size_t(token[1] - '1');
            value = st.counters[i];
            dim = std::max<std::int64_t>(1, program.ranges[i]);
            return true;
        }
        return false;
    };
    // p and q: input coordinates from (u, v) and (s, t).
    auto coordinate = [&](const std::string& outer, const std::string& inner, std::int64_t& value, std::int64_t& dim) {
        std::int64_t ov = 0, od = 1, iv = 0, id = 1;
        counterOf(outer, ov, od);
        counterOf(inner, iv, id);
        value = ov * program.stride + iv;
        dim = (od - 1) * program.stride + id;
    };
    std::int64_t address = 0;
    for (const std::string& token : program.f) {
        std::int64_t value = 0, dim = 1;
        if (token == "q") coordinate(program.stuv[0], program.stuv[1], value, dim);
        else if (token == "p") coordinate(program.stuv[2], program.stuv[3], value, dim);
        else if (!counterOf(token, value, dim)) { value = token == "1" ? 1 : 0; dim = 2; }
        address = address * dim + value;
    }
    st.address = address;
    return st;
}

}  // namespace dfl::nt
