// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/history.h"

#include <iterator>

namespace dfl {

History::History(ClockedModel& model, std::int64_t interval, std::size_t maxCheckpoints)
    : model_(model), interval_(interval < 1 ? 1 : interval), maxCheckpoints_(maxCheckpoints < 4 ? 4 : maxCheckpoints) {
    model_.enableSeekCheckpoints();
}

void History::reset() {
    checkpoints_.clear();
    model_.reset();
    record();
}

void History::adopt() {
    checkpoints_.clear();
    record();
}

void History::record() {
    checkpoints_[model_.cycle()] = model_.saveState();
    if (checkpoints_.size() > maxCheckpoints_) thin();
}

// Keeps cycle 0 and every checkpoint on the doubled interval; the rest go.
void History::thin() {
    interval_ *= 2;
    for (auto it = checkpoints_.begin(); it != checkpoints_.end();) {
        if (it->first != 0 && it->first % interval_ != 0) it = checkpoints_.erase(it);
        else ++it;
    }
}

void History::step() {
    if (checkpoints_.empty()) record();
    model_.step();
    if (model_.cycle() % interval_ == 0) record();
}

void History::runUntil(std::int64_t target) {
    if (checkpoints_.empty()) record();
    while (model_.cycle() < target && !model_.done()) {
        const std::int64_t boundary = (model_.cycle() / interval_ + 1) * interval_;
        const std::int64_t before = model_.cycle();
        model_.runUntil(boundary < target ? boundary : target);
        if (model_.cycle() == before) break;  // a model that cannot advance further
        if (model_.cycle() % interval_ == 0) record();
    }
}

void History::seek(std::int64_t target) {
    if (target < 0) target = 0;
    if (target >= model_.cycle()) {
        runUntil(target);
        return;
    }
    // Nothing recorded at or before target (nothing at all, or an adopted model): replay from the start.
    if (checkpoints_.empty() || checkpoints_.begin()->first > target) {
        model_.reset();
        record();
    }
    auto it = std::prev(checkpoints_.upper_bound(target));  // cycle 0 is now recorded: one at or before target
    model_.loadState(it->second);
    model_.runUntil(target);
}

std::size_t History::checkpointBytes() const {
    std::size_t bytes = 0;
    for (const auto& [cycle, state] : checkpoints_) bytes += state.size();
    return bytes;
}

}  // namespace dfl
