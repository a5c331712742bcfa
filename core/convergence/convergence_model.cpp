#include "core/convergence/convergence_model.h"

#include "core/convergence/convergence_report.h"
#include "core/sim/serialization.h"
#include "core/training/softmax_cross_entropy.h"
#include "core/training/seeded_random.h"

#include <algorithm>
#include <numeric>
#include <thread>

namespace dfl {

namespace {
constexpr std::uint64_t ShuffleStream = 0x5F0000;  // + epoch: each epoch's order, the same for every run
}

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
    miniBatches_ = 0;
    // Point 0: the untrained network (identical in every run); its loss on the first mini-batch.
    batch(1, inputs_, labels_);
    const double initialLoss = softmaxCrossEntropy(runs_.front()->net().forward(inputs_, false), labels_).loss;
    for (auto& run : runs_) run->record(0, 0.0, data_->test, initialLoss);
}

void ConvergenceModel::batch(std::int64_t miniBatch, Matrix& inputs, std::vector<int>& labels) {
    const int perEpoch = config_.miniBatchesPerEpoch();
    const int epoch = int((miniBatch - 1) / perEpoch) + 1;
    if (epoch != orderEpoch_) {
        order_.resize(size_t(data_->train.size()));
        std::iota(order_.begin(), order_.end(), 0);
        SeededRandom random = SeededRandom::derived(config_.seed, ShuffleStream + std::uint64_t(epoch));
        random.shuffle(order_);
        orderEpoch_ = epoch;
    }
    const int first = int((miniBatch - 1) % perEpoch) * config_.batch;
    inputs.resize(data_->train.features(), config_.batch);
    labels.resize(size_t(config_.batch));
    for (int i = 0; i < config_.batch; ++i) {
        const int sample = order_[size_t(first + i)];
        inputs.col(i) = data_->train.inputs.col(sample);
        labels[size_t(i)] = data_->train.labels[size_t(sample)];
    }
}

bool ConvergenceModel::evaluationPoint(std::int64_t miniBatch) const {
    return miniBatch % config_.evaluationInterval() == 0 || miniBatch % config_.miniBatchesPerEpoch() == 0 ||
           miniBatch == config_.totalMiniBatches();
}

void ConvergenceModel::step() {
    if (done()) return;
    const std::int64_t m = miniBatches_ + 1;
    batch(m, inputs_, labels_);
    const bool evaluate = evaluationPoint(m);
    const double epoch = double(m) / config_.miniBatchesPerEpoch();
    forEachRun([&](ConvergenceRun& run) {
        run.trainMiniBatch(inputs_, labels_);
        if (evaluate) run.record(m, epoch, data_->test);
    });
    miniBatches_ = m;
}

void ConvergenceModel::forEachRun(const std::function<void(ConvergenceRun&)>& work) {
    // The runs share nothing but the read-only mini-batch, so they train in parallel with the same results as in
    // turn (each run's arithmetic is single-threaded and in a fixed order).
    const unsigned threads = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()), unsigned(runs_.size()));
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t)
        workers.emplace_back([&, t] {
            for (size_t i = t; i < runs_.size(); i += threads) work(*runs_[i]);
        });
    for (size_t i = 0; i < runs_.size(); i += threads) work(*runs_[i]);
    for (std::thread& w : workers) w.join();
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
