// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The convergence module's clocked model. One step trains one mini-batch in every run of the comparison (naive SGD
// and each pipeline, same data order), and every few mini-batches evaluates the test subset; so a GUI run shows
// progress, live curves, and can be paused (cancel) and stepped back like any other model.

#include "core/convergence/convergence_config.h"
#include "core/convergence/convergence_frame.h"
#include "core/convergence/convergence_report.h"
#include "core/convergence/convergence_run.h"
#include "core/sim/clocked_model.h"
#include "core/training/dataset.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dfl {

class ConvergenceModel final : public ClockedModel {
public:
    ConvergenceModel(std::string scenarioName, std::shared_ptr<const Network> network, ConvergenceConfig config,
                     std::shared_ptr<const TrainTestSplit> data, std::string file = {});

    void reset() override;
    void step() override;
    std::int64_t cycle() const override { return miniBatches_; }
    bool done() const override { return miniBatches_ >= config_.totalMiniBatches(); }
    std::int64_t expectedCycles() const override { return config_.totalMiniBatches(); }
    // To `target` from the nearest of the model's own snapshots at or before it (when later than the current cycle),
    // then step by step: a seek or step back through History replays at most a few mini-batches. Without snapshots
    // (batch mode) every run goes to `target` on its own thread.
    void runUntil(std::int64_t target) override;
    FramePtr frame() const override;
    MetricsReport metrics() const override;
    std::vector<ChartSpec> charts() const override;
    std::string saveState() const override;
    void loadState(const std::string& bytes) override;
    // Snapshots every two mini-batches (see step()); off in batch mode, where nothing seeks back.
    void enableSeekCheckpoints() override { snapshotsEnabled_ = true; }

    const ConvergenceConfig& config() const { return config_; }
    const std::vector<std::unique_ptr<ConvergenceRun>>& runs() const { return runs_; }

private:
    struct State {
        std::int64_t miniBatches = 0;
        std::vector<RunState> runs;
        template <class Archive> void serialize(Archive& ar, unsigned) { ar & miniBatches & runs; }
    };
    bool evaluationPoint(std::int64_t miniBatch) const;
    // Run i trains mini-batch m and, at an evaluation point, records its curve point.
    void advance(size_t i, ConvergenceRun& run, std::int64_t m);
    void forEachRun(const std::function<void(size_t, ConvergenceRun&)>& work);  // in parallel (workerThreads())
    std::vector<RunResult> results() const;

    std::string scenarioName_, file_;
    std::shared_ptr<const Network> network_;
    ConvergenceConfig config_;
    std::shared_ptr<const TrainTestSplit> data_;
    std::vector<std::string> layerNames_;
    std::vector<std::unique_ptr<ConvergenceRun>> runs_;
    std::int64_t miniBatches_ = 0;
    // Test errors already evaluated, per run and mini-batch: a pure function of the configuration, so they survive
    // reset() and loadState(), and replaying after a step back does not evaluate the test set again.
    std::vector<std::map<std::int64_t, double>> evaluated_;
    // The model's own checkpoints (saveState) every snapshotInterval_ mini-batches, kept across reset() and
    // loadState() for the same reason; thinned like History's when they outgrow their memory budget.
    std::map<std::int64_t, std::string> snapshots_;
    std::size_t snapshotBytes_ = 0;
    std::int64_t snapshotInterval_ = 2;
    bool snapshotsEnabled_ = false;
};

}  // namespace dfl
