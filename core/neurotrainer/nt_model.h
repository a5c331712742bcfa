// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The NeuroTrainer as a clocked model: the ops of one training step (or inference) run one after another; inside
// the op in flight the cycle-stepped FineOpModel moves words, whole ops before the target cycle are skipped with
// the event model's cycle counts (tests assert the two agree), so seeking anywhere costs one op at most.

#include "core/network/network.h"
#include "core/neurotrainer/nt_analysis.h"
#include "core/neurotrainer/nt_fine_model.h"
#include "core/neurotrainer/nt_programs.h"
#include "core/sim/clocked_model.h"

#include <functional>
#include <memory>

namespace dfl::nt {

class NeuroTrainerModel final : public ClockedModel {
public:
    // `report` builds the metrics and charts (the module adds benchmarks, power and scaling); the model only runs.
    using Reporter = std::function<MetricsReport(const NetworkRun&)>;
    using ChartMaker = std::function<std::vector<ChartSpec>(const NetworkRun&)>;
    NeuroTrainerModel(Network network, NetworkRun run, Reporter report, ChartMaker charts);

    void reset() override;
    void step() override;
    void runUntil(std::int64_t target) override;
    std::int64_t cycle() const override;
    bool done() const override { return state_.op >= std::int64_t(run_.ops.size()); }
    std::int64_t expectedCycles() const override { return run_.cycles(); }
    FramePtr frame() const override;
    MetricsReport metrics() const override { return report_(run_); }
    std::vector<ChartSpec> charts() const override { return charts_(run_); }
    Trace trace() const override;  // nt_trace.cpp
    std::string saveState() const override;
    void loadState(const std::string& bytes) override;

    const NetworkRun& run() const { return run_; }

private:
    struct State {
        std::int64_t op = 0;
        FineState fine;
        template <class A> void serialize(A& a, unsigned) { a& op& fine; }
    };
    void enterOp(std::int64_t op);  // fresh fine model at the start of `op`
    void nextOpIfDone();

    Network network_;
    NetworkRun run_;
    Programs programs_;
    std::vector<int> pmagOf_, commonPmagOf_;  // per op: index into programs_.pmag, or -1
    Reporter report_;
    ChartMaker charts_;
    State state_;
    std::unique_ptr<FineOpModel> fine_;
};

}  // namespace dfl::nt
