// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/build_progress.h"

#include <algorithm>
#include <utility>

namespace dfl {

namespace {
thread_local BuildMonitor* activeMonitor = nullptr;
}

BuildMonitor::BuildMonitor(Listener listener, CancelCheck cancelled)
    : listener_(std::move(listener)), cancelled_(std::move(cancelled)), previous_(activeMonitor) {
    activeMonitor = this;
}

BuildMonitor::~BuildMonitor() { activeMonitor = previous_; }

void BuildMonitor::report(double fraction, const std::string& what) {
    BuildMonitor* m = activeMonitor;
    if (!m) return;
    if (m->cancelled_ && m->cancelled_()) throw BuildCancelled();
    if (m->listener_) m->listener_(std::clamp(fraction, 0.0, 1.0), what);
}

void BuildPlan::begin(double weight, std::string what) {
    done_ += current_;
    current_ = std::max(0.0, weight);
    what_ = std::move(what);
    progress(0);
}

void BuildPlan::progress(double phaseFraction) const {
    BuildMonitor::report((done_ + current_ * std::clamp(phaseFraction, 0.0, 1.0)) / total_, what_);
}

}  // namespace dfl
