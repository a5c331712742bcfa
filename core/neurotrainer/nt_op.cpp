// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_op.h"

#include <stdexcept>

namespace dfl::nt {

std::string phaseName(Phase p) {
    switch (p) {
    case Phase::FF: return "FF";
    case Phase::BP: return "BP";
    case Phase::UP: return "UP";
    case Phase::Prep: return "Prep";
    }
    return "?";
}

std::string opKindName(OpKind k) {
    switch (k) {
    case OpKind::ConvFF: return "Conv-FF";
    case OpKind::ConvBP: return "Conv-BP";
    case OpKind::ConvUP: return "Conv-UP";
    case OpKind::FcFF: return "FC-FF";
    case OpKind::FcBP: return "FC-BP";
    case OpKind::FcUP: return "FC-UP";
    case OpKind::PoolFF: return "Pool-FF";
    case OpKind::PoolBP: return "Pool-BP";
    case OpKind::Merge: return "Merge";
    case OpKind::Partition: return "Partition";
    case OpKind::AddPad: return "Add pad";
    case OpKind::RemovePad: return "Remove pad";
    case OpKind::Duplicate: return "Duplicate kernels";
    }
    return "?";
}

std::string boundName(Bound b) {
    switch (b) {
    case Bound::Compute: return "compute";
    case Bound::Vault: return "vault";
    case Bound::Bus: return "bus";
    case Bound::Merge: return "merge write-back";
    }
    return "?";
}

std::int64_t Op::tileCount() const {
    std::int64_t n = 0;
    for (const Segment& s : segments) n += std::int64_t(s.pattern.size()) * s.count;
    return n;
}

const Tile& Op::tile(std::int64_t index) const {
    for (const Segment& s : segments) {
        const std::int64_t n = std::int64_t(s.pattern.size()) * s.count;
        if (index < n) return s.pattern[size_t(index % std::int64_t(s.pattern.size()))];
        index -= n;
    }
    throw std::out_of_range("tile index beyond the op");
}

OpTotals totals(const Op& op) {
    OpTotals t;
    for (const Segment& s : op.segments)
        for (const Tile& tile : s.pattern) {
            t.tiles += s.count;
            t.computeCycles += s.count * tile.computeCycles;
            t.vaultWords += s.count * (tile.vaultReadWords + tile.vaultWriteWords);
            t.busWords += s.count * (tile.busInWords + tile.mergeWords);
            t.mergeWords += s.count * tile.mergeWords;
        }
    return t;
}

}  // namespace dfl::nt
