// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One training run of the comparison: naive SGD or a P-stage pipeline (optionally with weight stashing), its own
// network (all runs start from the same seeded weights), its time axis and its learning curve.

#include "core/convergence/convergence_config.h"
#include "core/convergence/convergence_timing.h"
#include "core/convergence/pipelined_sgd.h"
#include "core/network/network.h"
#include "core/training/dataset.h"
#include "core/training/sequential_net.h"
#include "core/training/sgd_trainer.h"

#include <boost/serialization/deque.hpp>
#include <boost/serialization/vector.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

struct RunSpec {
    std::string name;  // "naive", "p4", "p4-stash" (the `schedule` column); studies: "p4-seed2", "p4-lr0.003"
    int stages = 0;    // 0: naive SGD
    bool weightStashing = false;
    int seedOffset = 0;       // trains with the scenario's seed + seedOffset (the seed study)
    double learningRate = 0;  // 0: the scenario's; else a point of the learning-rate grid
    std::string familySchedule;  // a schedule of the pipeline family (its own comparison); empty: the runs above
    bool mainComparison() const { return seedOffset == 0 && learningRate == 0 && familySchedule.empty(); }
    std::string schedule() const;  // "naive", "p4", "p4-stash": the same for every seed and learning rate
};

// The runs a configuration trains: the main comparison (naive first, then each P, then, if asked, each P with
// weight stashing), then naive and each P for every further seed, then naive and each P at every learning rate of
// the grid that differs from the scenario's, then one run per schedule of params.schedules.
std::vector<RunSpec> runSpecs(const ConvergenceConfig& config);
// The configuration one run trains with: the scenario's, with the run's seed and learning rate.
ConvergenceConfig runConfig(const ConvergenceConfig& config, const RunSpec& spec);

struct CurvePoint {
    std::int64_t miniBatches = 0;
    double epoch = 0;      // mini-batches / mini-batches per epoch
    double timeMs = 0;     // from the schedule's timing
    double trainLoss = 0;  // mean over the mini-batches since the previous point (point 0: the first mini-batch, untrained)
    double testError = 0;  // fraction of the test subset misclassified
    template <class Archive> void serialize(Archive& ar, unsigned) { ar & miniBatches & epoch & timeMs & trainLoss & testError; }
};

struct MatrixData {  // an Eigen matrix in a form Boost.Serialization writes
    std::int64_t rows = 0, cols = 0;
    std::vector<float> values;
    static MatrixData of(const Matrix& m);
    Matrix matrix() const;
    template <class Archive> void serialize(Archive& ar, unsigned) { ar & rows & cols & values; }
};

struct SnapshotData {
    std::int64_t version = 0;
    std::vector<MatrixData> values;
    template <class Archive> void serialize(Archive& ar, unsigned) { ar & version & values; }
};

struct RunState {  // everything that changes while a run trains
    std::vector<MatrixData> params, velocity;
    std::vector<std::vector<SnapshotData>> snapshots;  // pipelines: per block
    std::vector<CurvePoint> curve;
    double lossSum = 0;
    std::int64_t lossCount = 0;
    template <class Archive> void serialize(Archive& ar, unsigned) { ar & params & velocity & snapshots & curve & lossSum & lossCount; }
};

class ConvergenceRun {
public:
    ConvergenceRun(RunSpec spec, std::shared_ptr<const Network> network, const ConvergenceConfig& config,
                   const std::string& file);
    ConvergenceRun(const ConvergenceRun&) = delete;
    ConvergenceRun& operator=(const ConvergenceRun&) = delete;

    const RunSpec& spec() const { return spec_; }
    const ScheduleTiming& timing() const { return timing_; }
    const std::vector<CurvePoint>& curve() const { return curve_; }
    const PipelinedSgd* pipeline() const { return pipeline_ ? &*pipeline_ : nullptr; }
    SequentialNet& net() { return net_; }

    // Trains mini-batch `miniBatch` (from 1) of the run's own seeded order over `train`: runs with the same seed
    // see the same mini-batches.
    void trainMiniBatch(std::int64_t miniBatch, const Dataset& train);
    // Point 0: the untrained network's test error, and its loss on the first mini-batch.
    void recordInitial(const Dataset& train, const Dataset& test);
    // Appends a curve point after `miniBatches`; the test error is `knownTestError` when given (the same weights
    // were evaluated before: a replay after a step back), else evaluated. Returns the test error.
    double record(std::int64_t miniBatches, const Dataset& test, std::optional<double> knownTestError = {});

    RunState state();
    void restore(const RunState& state, std::int64_t miniBatches);

private:
    void gather(std::int64_t miniBatch, const Dataset& train);  // into inputs_, labels_

    RunSpec spec_;
    ConvergenceConfig config_;  // with this run's seed and learning rate
    ScheduleTiming timing_;
    SequentialNet net_;
    SgdOptimizer optimizer_;
    std::optional<PipelinedSgd> pipeline_;
    std::vector<CurvePoint> curve_;
    double lossSum_ = 0;
    std::int64_t lossCount_ = 0;
    int orderEpoch_ = 0;  // the epoch `order_` shuffles (derived from the seed and the epoch: no state)
    std::vector<int> order_;
    Matrix inputs_;
    std::vector<int> labels_;
};

}  // namespace dfl
