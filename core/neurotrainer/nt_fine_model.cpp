// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_fine_model.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace dfl::nt {

namespace {

// Queue entry e: 0 → load of tile 0; odd e → load of tile (e+1)/2, or the last tile's write-back when that is
// past the end; even e ≥ 2 → write-back of tile e/2 − 1. This is the order R0, R1, W0, R2, W1, …
struct Entry {
    std::int64_t tile;
    bool write;
};
Entry decode(std::int64_t e, std::int64_t tiles) {
    if (e == 0) return {0, false};
    if (e % 2 == 1) return (e + 1) / 2 < tiles ? Entry{(e + 1) / 2, false} : Entry{tiles - 1, true};
    return {e / 2 - 1, true};
}

}  // namespace

FineOpModel::FineOpModel(const Op& op, const Machine& machine) : op_(op), machine_(machine), tiles_(op.tileCount()) {
    startWhatIsReady();
}

Transfer FineOpModel::entryOfVault(std::int64_t entry) const {
    const Entry e = decode(entry, tiles_);
    const Tile& t = op_.tile(e.tile);
    const std::int64_t words = e.write ? t.vaultWriteWords : t.vaultReadWords;
    return {entry, e.tile, e.write, words, words};
}

Transfer FineOpModel::entryOfBus(std::int64_t entry) const {
    const Entry e = decode(entry, tiles_);
    const Tile& t = op_.tile(e.tile);
    const std::int64_t words = e.write ? t.mergeWords : t.busInWords;
    return {entry, e.tile, e.write, words, words};
}

bool FineOpModel::startVault() {
    if (s_.vault.active()) return false;
    while (s_.vaultNext < entries()) {
        Transfer t = entryOfVault(s_.vaultNext);
        if (t.total == 0) { ++s_.vaultNext; continue; }  // nothing to move: not an entry at all
        const bool ready = t.write ? s_.computeDone > t.tile : s_.computeDone >= t.tile - 1;  // slot of tile i−2
        if (!ready) return false;
        s_.vault = t;
        ++s_.vaultNext;
        return true;
    }
    return false;
}

bool FineOpModel::startBus() {
    if (s_.bus.active()) return false;
    while (s_.busNext < entries()) {
        Transfer t = entryOfBus(s_.busNext);
        if (t.total == 0) { ++s_.busNext; continue; }
        const bool ready = t.write ? s_.computeDone > t.tile : s_.computeDone >= t.tile - 1;
        if (!ready) return false;
        s_.bus = t;
        ++s_.busNext;
        return true;
    }
    return false;
}

bool FineOpModel::computeMayStart(std::int64_t tile) const {
    const Tile& t = op_.tile(tile);
    if (t.vaultReadWords > 0) {  // its load must have completed: the vault has moved past it
        const std::int64_t loadEntry = tile == 0 ? 0 : 2 * tile - 1;
        if (s_.vaultNext <= loadEntry || (s_.vault.active() && s_.vault.entry == loadEntry)) return false;
    }
    if (t.busInWords > 0) {  // its broadcast must have landed
        bool landed = false;
        for (int k = 0; k < 2; ++k)
            if (s_.arrivalTile[k] == tile && s_.arrivalAt[k] <= s_.now) landed = true;
        if (!landed) return false;
    }
    return s_.blockOfNext < 2 || s_.blocksFlushed >= s_.blockOfNext - 1;  // its output half is free
}

bool FineOpModel::startCompute() {
    if (s_.computeTile >= 0 || s_.computeDone >= tiles_ || !computeMayStart(s_.computeDone)) return false;
    s_.computeTile = s_.computeDone;
    s_.computeLeft = op_.tile(s_.computeTile).computeCycles;
    if (s_.computeLeft == 0) {  // data movement: no MAC work, the tile passes straight through
        if (op_.tile(s_.computeTile).flush()) ++s_.blockOfNext;
        s_.computeTile = -1;
        ++s_.computeDone;
    }
    return true;
}

void FineOpModel::startWhatIsReady() {
    bool changed = true;
    while (changed) {
        changed = false;
        changed |= startCompute();
        changed |= startVault();
        changed |= startBus();
    }
    const bool drained = s_.computeDone == tiles_ && !s_.vault.active() && !s_.bus.active() &&
                         s_.vaultNext >= entries() && s_.busNext >= entries();
    const bool landed = s_.lastMergeEnd < 0 || s_.lastMergeEnd + machine_.busStages <= s_.now;
    if (drained && landed && !s_.finished) {
        s_.finished = true;
        s_.stats.cycles = s_.now;
    }
}

std::int64_t FineOpModel::advance(std::int64_t maxCycles) {
    if (s_.finished || maxCycles <= 0) return 0;
    std::int64_t d = maxCycles;
    if (s_.computeTile >= 0) d = std::min(d, s_.computeLeft);
    if (s_.vault.active()) d = std::min(d, s_.vault.left);
    if (s_.bus.active()) d = std::min(d, s_.bus.left);
    for (int k = 0; k < 2; ++k)
        if (s_.arrivalTile[k] >= 0 && s_.arrivalAt[k] > s_.now) d = std::min(d, s_.arrivalAt[k] - s_.now);
    if (s_.lastMergeEnd >= 0 && s_.lastMergeEnd + machine_.busStages > s_.now)
        d = std::min(d, s_.lastMergeEnd + machine_.busStages - s_.now);
    if (d == maxCycles && maxCycles > 1 && s_.computeTile < 0 && !s_.vault.active() && !s_.bus.active())
        throw std::logic_error("NeuroTrainer fine model: nothing can proceed in op " + op_.layer);

    if (s_.computeTile >= 0) { s_.computeLeft -= d; s_.stats.computeBusy += d; }
    if (s_.vault.active()) { s_.vault.left -= d; s_.stats.vaultBusy += d; s_.vaultWords += d; }
    if (s_.bus.active()) {
        s_.bus.left -= d;
        (s_.bus.write ? s_.stats.mergeBusy : s_.stats.busInBusy) += d;
        s_.busWords += d;
    }
    s_.now += d;
    complete();
    startWhatIsReady();
    return d;
}

void FineOpModel::complete() {
    if (s_.computeTile >= 0 && s_.computeLeft == 0) {
        if (op_.tile(s_.computeTile).flush()) ++s_.blockOfNext;
        s_.computeTile = -1;
        ++s_.computeDone;
    }
    if (s_.vault.active() && s_.vault.left == 0) {
        if (s_.vault.write) ++s_.blocksFlushed;
        s_.vault = {};
    }
    if (s_.bus.active() && s_.bus.left == 0) {
        if (s_.bus.write) {
            ++s_.blocksFlushed;
            s_.lastMergeEnd = s_.now;
        } else {
            const int k = s_.arrivalTile[0] < s_.computeDone ? 0 : 1;  // reuse the slot of a tile already used
            s_.arrivalTile[k] = s_.bus.tile;
            s_.arrivalAt[k] = s_.now + machine_.busStages;
        }
        s_.bus = {};
    }
}

void FineOpModel::runToEnd() {
    while (!s_.finished) advance(std::numeric_limits<std::int64_t>::max() / 4);
}

double FineOpModel::computingFill() const {
    if (s_.computeTile < 0) return 0;
    const std::int64_t total = op_.tile(s_.computeTile).computeCycles;
    return total == 0 ? 0 : double(s_.computeLeft) / double(total);
}

}  // namespace dfl::nt
