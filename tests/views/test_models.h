// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A tiny clocked model for the view tests: a counter that runs for `length` cycles and reports one figure and
// one chart, with a frame carrying a value derived from the whole history (so replay errors would show).

#include "core/scenario/scenario.h"
#include "core/sim/clocked_model.h"

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>

namespace dfl::test {

struct CounterFrame : Frame {
    std::int64_t sum = 0;  // 0 + 1 + ... + cycle
};

class CounterModel final : public ClockedModel {
public:
    explicit CounterModel(std::int64_t length) : length_(length) {}

    void reset() override { cycle_ = sum_ = 0; }
    void step() override {
        if (done()) return;
        ++cycle_;
        sum_ += cycle_;
    }
    // Jumps: the sum has a closed form, so a run of billions of cycles seeks at once (the transport bar's test).
    void runUntil(std::int64_t target) override {
        cycle_ = std::max(cycle_, std::min(target, length_));
        // Modulo 2^64 (unsigned: defined), as step()'s running sum would wrap; a run of billions overflows int64.
        const auto c = std::uint64_t(cycle_);
        sum_ = std::int64_t(c % 2 == 0 ? (c / 2) * (c + 1) : c * ((c + 1) / 2));
    }
    std::int64_t cycle() const override { return cycle_; }
    bool done() const override { return cycle_ >= length_; }
    std::int64_t expectedCycles() const override { return length_; }

    FramePtr frame() const override {
        auto f = std::make_shared<CounterFrame>();
        f->cycle = cycle_;
        f->sum = sum_;
        return f;
    }
    MetricsReport metrics() const override {
        MetricsReport r;
        r.module = "counter";
        r.add("sum", double(sum_), "", "Σ cycles = " + std::to_string(sum_), "sum of the cycle numbers so far");
        return r;
    }
    std::vector<ChartSpec> charts() const override {
        ChartSpec c;
        c.id = "sum";
        c.title = "Running sum";
        c.xLabel = "Cycle";
        c.yLabel = "Sum";
        ChartSeries s{"sum", SeriesRole::Forward, {}, {}};
        std::int64_t acc = 0;
        for (std::int64_t i = 0; i <= std::min<std::int64_t>(cycle_, 10000); ++i) {  // long runs: the first 10,000
            acc += i;
            s.x.push_back(double(i));
            s.y.push_back(double(acc));
        }
        c.series = {s};
        return {c};
    }
    std::string saveState() const override { return std::to_string(cycle_) + " " + std::to_string(sum_); }
    void loadState(const std::string& bytes) override {
        std::istringstream in(bytes);
        in >> cycle_ >> sum_;
    }

private:
    std::int64_t length_;
    std::int64_t cycle_ = 0, sum_ = 0;
};

inline Scenario counterScenario(const std::string& name = "Counter") {
    Scenario s;
    s.name = name;
    s.module = "counter";
    return s;
}

}  // namespace dfl::test
