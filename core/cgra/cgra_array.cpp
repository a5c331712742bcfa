// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cgra/cgra_array.h"

#include <algorithm>
#include <stdexcept>

namespace dfl::cgra {

CgraArray::CgraArray(CgraConfig config, CgraLayer layer) : config_(config), layer_(std::move(layer)) {
    if (config_.px <= 0 || config_.py <= 0 || config_.threads <= 0)
        throw std::invalid_argument("CgraArray: Px, Py and T must be positive");
    totalCycles_ = closedFormCost(config_, layer_).cycles;
    reset();
}

void CgraArray::reset() {
    state_ = ArrayState{};
    state_.banks.assign(size_t(config_.py), BankContent{});
    state_.done = totalCycles_ == 0;
}

void CgraArray::runUntil(std::int64_t target) {
    while (!state_.done && state_.cycle < target) advance(target - state_.cycle);
}

void CgraArray::advance(std::int64_t cycles) {
    if (state_.done || cycles <= 0) return;
    if (layer_.isConv()) advanceConv(cycles);
    else advanceFc(cycles);
}

int CgraArray::phaseColumns(int phase) const {
    // Kernel columns kx ≡ phase (mod s) in [0, H).
    return int(ceilDiv(layer_.kernel - phase, layer_.stride));
}

int CgraArray::threadsInGroup() const {
    if (!layer_.isConv()) return 1;
    return std::min(config_.threads, layer_.co - state_.tg * config_.threads);
}

int CgraArray::stepsInPhase() const { return config_.px + phaseColumns(state_.phase) - 1; }

int CgraArray::rowsInBlock() const {
    if (!layer_.isConv()) return config_.py;
    return std::min(config_.py, layer_.noy - state_.by * config_.py);
}

int CgraArray::colsInBlock() const {
    if (!layer_.isConv()) return config_.px;
    return std::min(config_.px, layer_.nox - state_.bx * config_.px);
}

int CgraArray::kernelColumn() const {
    if (!layer_.isConv() || state_.done || state_.step < config_.px - 1) return -1;
    const int q = stepsInPhase() - 1 - state_.step;  // which of this phase's kernel columns is in place
    return state_.phase + layer_.stride * q;
}

int CgraArray::outputChannel() const { return state_.tg * config_.threads + state_.thread; }

std::int64_t CgraArray::bankRowNeeded(int peRow) const {
    return (std::int64_t(state_.by) * config_.py + peRow) * layer_.stride + state_.ky;
}

bool CgraArray::loadsNow() const {
    const ArrayState& s = state_;
    return layer_.isConv() && !s.done && s.thread == 0 && s.step == 0 && s.phase == 0 && s.ky == 0 && s.bx == 0;
}

int CgraArray::fedColumn() const {
    const ArrayState& s = state_;
    if (!layer_.isConv() || s.done) return -1;
    const int np = phaseColumns(s.phase);
    const int relative = stepsInPhase() - 1 - s.step;  // columns are fed in descending order
    if (relative - (np - 1) > colsInBlock() - 1) return -1;  // beyond this block's window: a bubble, no read
    return (s.bx * config_.px + relative) * layer_.stride + s.phase;
}

bool CgraArray::readsNow() const {
    if (state_.done) return false;
    if (!layer_.isConv()) return config_.fcMapping == FcMapping::RowBuffers;
    return state_.thread == 0 && fedColumn() >= 0;
}

bool CgraArray::macsNow() const {
    if (state_.done) return false;
    if (!layer_.isConv()) return config_.fcMapping == FcMapping::WeightBus || state_.fcSub == config_.px - 1;
    return state_.step >= config_.px - 1;
}

std::vector<bool> CgraArray::bankWritesNow() const {
    std::vector<bool> writes(size_t(config_.py), false);
    const ArrayState& s = state_;
    if (!layer_.isConv() || s.done || s.thread != 0 || s.step != 0 || s.phase != 0 || s.bx != 0) return writes;
    if (loadsNow()) {
        for (int y = 0; y < rowsInBlock(); ++y) writes[size_t(y)] = true;
        return writes;
    }
    for (int y = 0; y < rowsInBlock(); ++y) {
        const BankContent& b = s.banks[size_t(y)];
        writes[size_t(y)] = b.row != bankRowNeeded(y);
    }
    return writes;
}

void CgraArray::startRowSet() {
    // The external load of the rows this row block needs for one input channel (and thread group).
    const std::int64_t rows = std::int64_t(rowsInBlock() - 1) * layer_.stride + layer_.kernel;
    const std::int64_t width = std::int64_t(layer_.nox - 1) * layer_.stride + layer_.kernel;
    const std::int64_t words = rows * width;
    LayerCost& k = state_.counted;
    k.inputWords += words;
    k.bufferWritesMultiport += words;  // each element written once
    k.bufferWritesMultibank += words;
    // The row each PE row starts on goes straight into its own bank, whole.
    for (int y = 0; y < config_.py; ++y)
        state_.banks[size_t(y)] = BankContent{y < rowsInBlock() ? bankRowNeeded(y) : -1};
}

void CgraArray::startWeightRow() {
    // Multi-bank: a PE row reads only its own bank, so the row it needs for the next weight row arrives over the
    // loop-back bus (the overflow of the row below, Section 5.4) and is written again, whole.
    // Multi-port buffers read any row: no writes here.
    const std::int64_t width = std::int64_t(layer_.nox - 1) * layer_.stride + layer_.kernel;
    for (int y = 0; y < rowsInBlock(); ++y) {
        BankContent& b = state_.banks[size_t(y)];
        const std::int64_t needed = bankRowNeeded(y);
        if (b.row == needed) continue;
        state_.counted.bufferWritesMultibank += width;
        b.row = needed;
    }
}

void CgraArray::advanceConv(std::int64_t n) {
    ArrayState& s = state_;
    const int threads = threadsInGroup();
    n = std::min<std::int64_t>(n, threads - s.thread);
    LayerCost& k = s.counted;

    if (s.thread == 0) {
        if (s.step == 0 && s.phase == 0 && s.bx == 0) {
            if (s.ky == 0) startRowSet();
            startWeightRow();
        }
        if (fedColumn() >= 0) k.bufferReads += rowsInBlock();  // one word per active PE row into its left PE
    }
    const std::int64_t active = std::int64_t(rowsInBlock()) * colsInBlock();
    if (s.step >= config_.px - 1) {  // a kernel column is in place: each thread cycle broadcasts one weight
        k.macs += active * n;
        k.weightWords += n;
    }
    k.assignedPeCycles += active * n;
    k.cycles += n;
    s.cycle += n;

    s.thread += int(n);
    if (s.thread < threads) return;
    s.thread = 0;
    if (++s.step < stepsInPhase()) return;
    s.step = 0;
    if (++s.phase < std::min(layer_.stride, layer_.kernel)) return;
    s.phase = 0;
    if (++s.bx < ceilDiv(layer_.nox, config_.px)) return;
    s.bx = 0;
    if (++s.ky < layer_.kernel) return;
    s.ky = 0;
    if (++s.ci < layer_.ci) return;
    s.ci = 0;
    // Every input channel of this row block and thread group is done: its T' output planes are written out.
    k.outputWords += std::int64_t(rowsInBlock()) * layer_.nox * threads;
    if (++s.tg < ceilDiv(layer_.co, config_.threads)) return;
    s.tg = 0;
    if (++s.by < ceilDiv(layer_.noy, config_.py)) return;
    s.by = 0;
    if (++s.group < layer_.groups) return;
    s.group = 0;
    s.done = true;
}

void CgraArray::advanceFc(std::int64_t n) {
    ArrayState& s = state_;
    LayerCost& k = s.counted;
    const std::int64_t pes = config_.pes();
    const std::int64_t active = std::min(pes, layer_.no - s.fcBlock * pes);  // A_b
    const bool rowBuffers = config_.fcMapping == FcMapping::RowBuffers;
    const std::int64_t unit = rowBuffers ? config_.px : active;  // cycles per input element
    if (s.fcSub == 0) k.inputWords += 1;  // the input element goes on the common bus
    if (rowBuffers) {
        // Cycle fcSub shifts in, on every PE row, the weight destined for column Px − 1 − fcSub.
        n = 1;
        const std::int64_t column = config_.px - 1 - s.fcSub;
        const std::int64_t rows = std::clamp<std::int64_t>(ceilDiv(active - column, config_.px), 0, config_.py);
        k.weightWords += rows;
        k.bufferReads += rows;
        k.bufferWritesMultiport += rows;
        k.bufferWritesMultibank += rows;
        if (s.fcSub == config_.px - 1) k.macs += active;  // every weight in place: all PEs multiply
    } else {
        // One weight word per cycle to PE fcSub, which multiplies it with the input on the common bus.
        n = std::min(n, unit - s.fcSub);
        k.weightWords += n;
        k.macs += n;
    }
    k.assignedPeCycles += active * n;
    k.cycles += n;
    s.cycle += n;
    s.fcSub += n;
    if (s.fcSub < unit) return;
    s.fcSub = 0;
    if (++s.fcInput < layer_.ni) return;
    s.fcInput = 0;
    k.outputWords += active;
    if (++s.fcBlock < ceilDiv(layer_.no, pes)) return;
    s.fcBlock = 0;
    s.done = true;
}

std::vector<PeView> CgraArray::peViews() const {
    const ArrayState& s = state_;
    std::vector<PeView> pes(size_t(config_.pes()));
    if (s.done) return pes;
    if (!layer_.isConv()) {
        const std::int64_t active = std::min<std::int64_t>(config_.pes(), layer_.no - s.fcBlock * config_.pes());
        for (int i = 0; i < config_.pes(); ++i) {
            PeView& v = pes[size_t(i)];
            v.assigned = i < active;
            v.outX = int(s.fcBlock * config_.pes() + i);
            v.mac = v.assigned && (config_.fcMapping == FcMapping::WeightBus ? i == s.fcSub : macsNow());
            v.progress = double(s.fcInput) / double(layer_.ni);
        }
        return pes;
    }
    const int np = phaseColumns(s.phase);
    const int lastStep = stepsInPhase() - 1;
    const int rows = rowsInBlock(), cols = colsInBlock();
    int columnsDone = 0;  // kernel columns of this weight row already applied
    for (int p = 0; p < s.phase; ++p) columnsDone += phaseColumns(p);
    if (s.step >= config_.px - 1) columnsDone += s.step - (config_.px - 1) + 1;
    const double perOutput = double(layer_.ci) * layer_.kernel * layer_.kernel;
    const double progress = (double(s.ci) * layer_.kernel * layer_.kernel + double(s.ky) * layer_.kernel + columnsDone) / perOutput;
    for (int y = 0; y < config_.py; ++y)
        for (int x = 0; x < config_.px; ++x) {
            PeView& v = pes[size_t(y * config_.px + x)];
            v.assigned = y < rows && x < cols;
            v.outX = s.bx * config_.px + x;
            v.outY = s.by * config_.py + y;
            // The value PE x holds entered the left column x steps ago.
            const int relative = lastStep - (s.step - x);
            v.hasInput = y < rows && s.step >= x && relative - (np - 1) <= cols - 1;
            if (v.hasInput) {
                v.inRow = int(bankRowNeeded(y));
                v.inCol = (s.bx * config_.px + relative) * layer_.stride + s.phase;
            }
            v.mac = v.assigned && macsNow();
            if (v.assigned) v.progress = progress;
        }
    return pes;
}

}  // namespace dfl::cgra
