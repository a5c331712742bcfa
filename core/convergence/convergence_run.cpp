// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/convergence_run.h"

#include "core/convergence/schedule_plan.h"

#include "core/training/trainable_network.h"
#include "core/training/seeded_random.h"
#include "core/training/softmax_cross_entropy.h"

#include "core/sim/metrics_json.h"

#include <numeric>
#include <stdexcept>

namespace dfl {

namespace {

constexpr std::uint64_t WeightStream = 0x57;  // the initial weights: one stream, so every run starts alike
constexpr std::uint64_t ShuffleStream = 0x5F0000;  // + epoch: each epoch's order, the same for every run of a seed

SgdParams sgdParams(const ConvergenceConfig& c) {
    SgdParams p;
    p.learningRate = c.learningRate;
    p.momentum = c.momentum;
    p.batch = c.batch;
    p.seed = c.seed;
    return p;
}

TrainableNetwork buildNet(const Network& network, const ConvergenceConfig& config, const std::string& file) {
    SeededRandom random = SeededRandom::derived(config.seed, WeightStream);
    return makeTrainableNetwork(network, 10, random, file);
}

}  // namespace

std::string RunSpec::schedule() const {
    if (stages == 0) return "naive";
    std::string n = "p";  // appended: GCC 12 warns falsely (-Wrestrict) on "p" + std::to_string(p)
    n += std::to_string(stages);
    return weightStashing ? n + "-stash" : n;
}

std::vector<RunSpec> runSpecs(const ConvergenceConfig& config) {
    std::vector<RunSpec> specs{{"naive", 0, false, 0, 0, {}}};
    auto addSchedules = [&](bool stashing, int seedOffset, double learningRate, const std::string& suffix) {
        if (!stashing && !(seedOffset == 0 && learningRate == 0)) specs.push_back({"naive" + suffix, 0, false, seedOffset, learningRate, {}});
        for (int p : config.stages) {
            RunSpec spec{"", p, stashing, seedOffset, learningRate, {}};
            spec.name = spec.schedule() + suffix;
            specs.push_back(spec);
        }
    };
    addSchedules(false, 0, 0, "");
    if (config.weightStashing) addSchedules(true, 0, 0, "");
    for (int k = 1; k < config.seeds; ++k) addSchedules(false, k, 0, "-seed" + std::to_string(config.seed + std::uint64_t(k)));
    for (double lr : config.lrGrid)
        if (lr != config.learningRate) addSchedules(false, 0, lr, "-lr" + formatNumber(lr));
    for (const std::string& schedule : config.schedules) {
        specs.push_back({schedule, config.scheduleStages, false, 0, 0, schedule});
    }
    return specs;
}

ConvergenceConfig runConfig(const ConvergenceConfig& config, const RunSpec& spec) {
    ConvergenceConfig c = config;
    c.seed = config.seed + std::uint64_t(spec.seedOffset);
    if (spec.learningRate > 0) c.learningRate = spec.learningRate;
    return c;
}

MatrixData MatrixData::of(const Matrix& m) {
    return {m.rows(), m.cols(), std::vector<float>(m.data(), m.data() + m.size())};
}

Matrix MatrixData::matrix() const {
    if (std::int64_t(values.size()) != rows * cols) throw std::runtime_error("corrupt matrix in checkpoint");
    return Eigen::Map<const Matrix>(values.data(), rows, cols);
}

ConvergenceRun::ConvergenceRun(RunSpec spec, std::shared_ptr<const Network> network, const ConvergenceConfig& config,
                               const std::string& file)
    : spec_(std::move(spec)), config_(runConfig(config, spec_)),
      timing_(spec_.stages == 0                ? naiveTiming(network, config.timing)
              : spec_.familySchedule.empty() ? pipelineTiming(network, spec_.stages, config.timing)
                                             : ScheduleTiming{}),
      optimizer_(sgdParams(config_)) {
    TrainableNetwork built = buildNet(*network, config_, file);
    net_ = std::move(built.net);
    if (!spec_.familySchedule.empty()) {
        ScheduleTrainingPlan plan = scheduleTrainingPlan(spec_.familySchedule, network, spec_.stages, config_.microBatches,
                                                         config_.totalMiniBatches(), config_.timing);
        timing_ = std::move(plan.timing);
        std::vector<int> blockOfLayer;
        for (int networkLayer : built.networkLayerOf) blockOfLayer.push_back(timing_.partition.stageOf(networkLayer) + 1);
        pipeline_.emplace(net_, optimizer_, blockOfLayer, std::move(plan.versions));
    } else if (spec_.stages > 0) {
        std::vector<int> blockOfLayer;
        for (int networkLayer : built.networkLayerOf) blockOfLayer.push_back(timing_.partition.stageOf(networkLayer) + 1);
        pipeline_.emplace(net_, optimizer_, blockOfLayer, spec_.stages, spec_.weightStashing);
    }
}

void ConvergenceRun::gather(std::int64_t miniBatch, const Dataset& train) {
    const int perEpoch = config_.miniBatchesPerEpoch();
    const int epoch = int((miniBatch - 1) / perEpoch) + 1;
    if (epoch != orderEpoch_) {
        order_.resize(size_t(train.size()));
        std::iota(order_.begin(), order_.end(), 0);
        SeededRandom random = SeededRandom::derived(config_.seed, ShuffleStream + std::uint64_t(epoch));
        random.shuffle(order_);
        orderEpoch_ = epoch;
    }
    const int first = int((miniBatch - 1) % perEpoch) * config_.batch;
    inputs_.resize(train.features(), config_.batch);
    labels_.resize(size_t(config_.batch));
    for (int i = 0; i < config_.batch; ++i) {
        const int sample = order_[size_t(first + i)];
        inputs_.col(i) = train.inputs.col(sample);
        labels_[size_t(i)] = train.labels[size_t(sample)];
    }
}

void ConvergenceRun::trainMiniBatch(std::int64_t miniBatch, const Dataset& train) {
    gather(miniBatch, train);
    if (!spec_.familySchedule.empty()) {
        // The schedule's micro-batches: consecutive column blocks of the mini-batch, in order.
        const int m = config_.microBatches, size = config_.batch / m;
        double loss = 0;
        for (int k = 0; k < m; ++k)
            loss += pipeline_->trainMiniBatch(inputs_.middleCols(k * size, size),
                                              std::vector<int>(labels_.begin() + k * size, labels_.begin() + (k + 1) * size));
        lossSum_ += loss / m;
        ++lossCount_;
        return;
    }
    // Naive SGD is the shared library's own step, so the comparison baseline is not code of this module.
    lossSum_ += pipeline_ ? pipeline_->trainMiniBatch(inputs_, labels_) : dfl::trainMiniBatch(net_, optimizer_, inputs_, labels_);
    ++lossCount_;
}

void ConvergenceRun::recordInitial(const Dataset& train, const Dataset& test) {
    gather(1, train);
    lossSum_ = softmaxCrossEntropy(net_.forward(inputs_, false), labels_).loss;
    lossCount_ = 1;
    record(0, test);
}

void ConvergenceRun::recordInitialAs(const ConvergenceRun& twin, const Dataset& test) {
    if (twin.curve_.size() != 1 || twin.spec_.seedOffset != spec_.seedOffset)
        throw std::logic_error("recordInitialAs: the twin must be a run of the same seed at point 0");
    lossSum_ = twin.curve_.front().trainLoss;
    lossCount_ = 1;
    record(0, test, twin.curve_.front().testError);
}

double ConvergenceRun::record(std::int64_t miniBatches, const Dataset& test, std::optional<double> knownTestError) {
    CurvePoint p;
    p.miniBatches = miniBatches;
    p.epoch = double(miniBatches) / config_.miniBatchesPerEpoch();
    p.timeMs = timing_.timeAfterMs(miniBatches);
    p.trainLoss = lossCount_ > 0 ? lossSum_ / double(lossCount_) : 0;
    p.testError = knownTestError ? *knownTestError
                                 : 1.0 - fractionCorrect(argmaxPerColumn(net_.scores(test.inputs, SequentialNet::ConvolutionChunk)), test.labels);
    curve_.push_back(p);
    lossSum_ = 0;
    lossCount_ = 0;
    return p.testError;
}

RunState ConvergenceRun::state() {
    RunState s;
    for (const ParamSlot& p : net_.params()) s.params.push_back(MatrixData::of(*p.value));
    for (const Matrix& v : optimizer_.velocity()) s.velocity.push_back(MatrixData::of(v));
    if (pipeline_)
        for (const auto& block : pipeline_->snapshots()) {
            std::vector<SnapshotData> kept;
            for (const PipelinedSgd::Snapshot& snap : block) {
                SnapshotData d{snap.version, {}};
                for (const Matrix& m : snap.values) d.values.push_back(MatrixData::of(m));
                kept.push_back(std::move(d));
            }
            s.snapshots.push_back(std::move(kept));
        }
    s.curve = curve_;
    s.lossSum = lossSum_;
    s.lossCount = lossCount_;
    return s;
}

void ConvergenceRun::restore(const RunState& s, std::int64_t miniBatches) {
    const std::vector<ParamSlot> slots = net_.params();
    if (slots.size() != s.params.size()) throw std::runtime_error("checkpoint of a different network");
    for (size_t i = 0; i < slots.size(); ++i) *slots[i].value = s.params[i].matrix();
    optimizer_.velocity().clear();
    for (const MatrixData& v : s.velocity) optimizer_.velocity().push_back(v.matrix());
    if (pipeline_) {
        std::vector<std::deque<PipelinedSgd::Snapshot>> blocks;
        for (const auto& kept : s.snapshots) {
            std::deque<PipelinedSgd::Snapshot> block;
            for (const SnapshotData& d : kept) {
                PipelinedSgd::Snapshot snap{d.version, {}};
                for (const MatrixData& m : d.values) snap.values.push_back(m.matrix());
                block.push_back(std::move(snap));
            }
            blocks.push_back(std::move(block));
        }
        pipeline_->restore(spec_.familySchedule.empty() ? miniBatches : miniBatches * config_.microBatches, std::move(blocks));
    }
    curve_ = s.curve;
    lossSum_ = s.lossSum;
    lossCount_ = s.lossCount;
}

}  // namespace dfl
