// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/convergence_model.h"

#include "core/convergence/convergence_report.h"
#include "core/sim/indexed_jobs.h"
#include "core/training/training_threads.h"
#include "core/sim/serialization.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace dfl {

ConvergenceModel::ConvergenceModel(std::string scenarioName, std::shared_ptr<const Network> network,
                                   ConvergenceConfig config, std::shared_ptr<const TrainTestSplit> data, std::string file)
    : scenarioName_(std::move(scenarioName)), file_(std::move(file)), network_(std::move(network)),
      config_(std::move(config)), data_(std::move(data)) {
    for (const Layer& l : network_->layers()) layerNames_.push_back(l.name);
    reset();
}

void ConvergenceModel::reset() {
    runs_.clear();
    for (const RunSpec& spec : runSpecs(config_)) runs_.push_back(std::make_unique<ConvergenceRun>(spec, network_, config_, file_));
    evaluated_.resize(runs_.size());
    miniBatches_ = 0;
    // Point 0: the untrained network and its loss on the first mini-batch, identical in every run of a seed (the
    // same seeded weights and data order; the learning rate and the schedule act only from the first update). So
    // the first run of each seed evaluates it and the others copy it (test_convergence_module checks the premise).
    std::map<int, size_t> firstOfSeed;
    std::vector<size_t> evaluating;
    for (size_t i = 0; i < runs_.size(); ++i)
        if (firstOfSeed.emplace(runs_[i]->spec().seedOffset, i).second) evaluating.push_back(i);
    runIndexedJobs(evaluating.size(), trainingThreads(),
                   [&](size_t k) { runs_[evaluating[k]]->recordInitial(data_->train, data_->test); });
    for (size_t i = 0; i < runs_.size(); ++i) {
        const size_t twin = firstOfSeed.at(runs_[i]->spec().seedOffset);
        if (twin != i) runs_[i]->recordInitialAs(*runs_[twin], data_->test);
    }
}

bool ConvergenceModel::evaluationPoint(std::int64_t miniBatch) const {
    return miniBatch % config_.evaluationInterval() == 0 || miniBatch % config_.miniBatchesPerEpoch() == 0 ||
           miniBatch == config_.totalMiniBatches();
}

void ConvergenceModel::runUntil(std::int64_t target) {
    target = std::min(target, config_.totalMiniBatches());
    if (target <= miniBatches_) return;
    if (!snapshotsEnabled_) {
        // Nothing will seek back (batch mode): each run trains all the way to the target on its own, with no barrier
        // after every mini-batch. The runs are independent, so the results are the same as step by step.
        const std::int64_t from = miniBatches_;
        forEachRun([&](size_t i, ConvergenceRun& run) {
            for (std::int64_t m = from + 1; m <= target; ++m) advance(i, run, m);
        });
        miniBatches_ = target;
        return;
    }
    const auto after = snapshots_.upper_bound(target);
    if (after != snapshots_.begin()) {
        const auto nearest = std::prev(after);
        if (nearest->first > miniBatches_) loadState(nearest->second);
    }
    while (miniBatches_ < target && !done()) step();
}

void ConvergenceModel::advance(size_t i, ConvergenceRun& run, std::int64_t m) {
    run.trainMiniBatch(m, data_->train);
    if (!evaluationPoint(m)) return;
    std::map<std::int64_t, double>& known = evaluated_[i];  // this run's: written by this thread only
    const auto it = known.find(m);
    const double error = run.record(m, data_->test, it != known.end() ? std::optional(it->second) : std::nullopt);
    known.emplace(m, error);
}

void ConvergenceModel::step() {
    if (done()) return;
    const std::int64_t m = miniBatches_ + 1;
    forEachRun([&](size_t i, ConvergenceRun& run) { advance(i, run, m); });
    miniBatches_ = m;
    if (snapshotsEnabled_ && m % snapshotInterval_ == 0 && !snapshots_.count(m)) {
        // A step trains every run on one mini-batch (~20 ms for the demo's four runs on two cores): with a snapshot
        // every two of them and the evaluations remembered, going back to any cycle costs a load and at most one
        // step (issue 15: a seek under 100 ms). A snapshot holds every run's weights, optimiser state, kept weight
        // versions and curve (about 1.8 MB for the demo); over the budget the interval doubles and every other
        // snapshot goes, so a long run costs at most the budget and a seek a few more steps.
        constexpr std::size_t SnapshotBudgetBytes = std::size_t(256) << 20;
        const auto added = snapshots_.emplace(m, saveState()).first;
        snapshotBytes_ += added->second.size();
        while (snapshotBytes_ > SnapshotBudgetBytes && snapshots_.size() > 1) {
            snapshotInterval_ *= 2;
            for (auto it = snapshots_.begin(); it != snapshots_.end();) {
                if (it->first % snapshotInterval_ == 0) {
                    ++it;
                    continue;
                }
                snapshotBytes_ -= it->second.size();
                it = snapshots_.erase(it);
            }
        }
    }
}

void ConvergenceModel::forEachRun(const std::function<void(size_t, ConvergenceRun&)>& work) {
    // The runs share nothing but read-only data, so they train in parallel with the same results as in turn (each
    // run's arithmetic is single-threaded and in a fixed order; BLAS is the single-threaded build).
    runIndexedJobs(runs_.size(), trainingThreads(), [&](size_t i) { work(i, *runs_[i]); });
}

std::vector<RunResult> ConvergenceModel::results() const {
    std::vector<RunResult> results;
    for (const auto& run : runs_) results.push_back({run->spec(), run->timing(), run->curve()});
    return results;
}

FramePtr ConvergenceModel::frame() const {
    auto f = std::make_shared<ConvergenceFrame>();
    f->cycle = miniBatches_;
    f->totalMiniBatches = config_.totalMiniBatches();
    f->epoch = int(miniBatches_ / std::max(1, config_.miniBatchesPerEpoch())) + 1;
    f->targetError = config_.targetError;
    for (const auto& run : runs_) {
        if (!run->spec().mainComparison()) continue;  // the seed and learning-rate studies are in the report's tables
        ConvergenceRunStatus s;
        s.name = run->spec().name;
        s.label = runLabel(run->spec());
        s.stages = run->spec().stages;
        if (!run->curve().empty()) {
            s.testError = run->curve().back().testError;
            s.trainLoss = run->curve().back().trainLoss;
            s.timeMs = run->curve().back().timeMs;
        }
        s.reachedTarget = targetCrossing(run->curve(), config_.targetError).reached;
        f->runs.push_back(std::move(s));
    }
    return f;
}

MetricsReport ConvergenceModel::metrics() const {
    return convergenceReport(scenarioName_, config_, results(), layerNames_);
}

std::vector<ChartSpec> ConvergenceModel::charts() const { return convergenceCharts(config_, results()); }

std::string ConvergenceModel::saveState() const {
    State s;
    s.miniBatches = miniBatches_;
    for (const auto& run : runs_) s.runs.push_back(run->state());
    return serializeToBytes(s);
}

void ConvergenceModel::loadState(const std::string& bytes) {
    State s;
    deserializeFromBytes(bytes, s);
    if (s.runs.size() != runs_.size()) throw std::runtime_error("checkpoint of a different comparison");
    miniBatches_ = s.miniBatches;
    for (size_t i = 0; i < runs_.size(); ++i) runs_[i]->restore(s.runs[i], s.miniBatches);
}

}  // namespace dfl
