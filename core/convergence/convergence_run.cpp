#include "core/convergence/convergence_run.h"

#include "core/convergence/trainable_network.h"
#include "core/training/seeded_random.h"
#include "core/training/softmax_cross_entropy.h"

#include <stdexcept>

namespace dfl {

namespace {

constexpr std::uint64_t WeightStream = 0x57;  // the initial weights: one stream, so every run starts alike

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

std::vector<RunSpec> runSpecs(const ConvergenceConfig& config) {
    auto name = [](int p) {
        std::string n = "p";  // appended: GCC 12 warns falsely (-Wrestrict) on "p" + std::to_string(p)
        n += std::to_string(p);
        return n;
    };
    std::vector<RunSpec> specs{{"naive", 0, false}};
    for (int p : config.stages) specs.push_back({name(p), p, false});
    if (config.weightStashing)
        for (int p : config.stages) specs.push_back({name(p) + "-stash", p, true});
    return specs;
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
    : spec_(std::move(spec)),
      timing_(spec_.stages == 0 ? naiveTiming(network, config.timing) : pipelineTiming(network, spec_.stages, config.timing)),
      optimizer_(sgdParams(config)) {
    TrainableNetwork built = buildNet(*network, config, file);
    net_ = std::move(built.net);
    if (spec_.stages > 0) {
        std::vector<int> blockOfLayer;
        for (int networkLayer : built.networkLayerOf) blockOfLayer.push_back(timing_.partition.stageOf(networkLayer) + 1);
        pipeline_.emplace(net_, optimizer_, blockOfLayer, spec_.stages, config.order, spec_.weightStashing);
    }
}

void ConvergenceRun::trainMiniBatch(const Matrix& inputs, const std::vector<int>& labels) {
    // Naive SGD is the shared library's own step, so the comparison baseline is not code of this module.
    lossSum_ += pipeline_ ? pipeline_->trainMiniBatch(inputs, labels) : dfl::trainMiniBatch(net_, optimizer_, inputs, labels);
    ++lossCount_;
}

void ConvergenceRun::record(std::int64_t miniBatches, double epoch, const Dataset& test, double initialLoss) {
    CurvePoint p;
    p.miniBatches = miniBatches;
    p.epoch = epoch;
    p.timeMs = timing_.timeAfterMs(miniBatches);
    p.trainLoss = lossCount_ > 0 ? lossSum_ / double(lossCount_) : initialLoss;
    // Small chunks: a convolution's im2col of thousands of samples would take hundreds of megabytes.
    constexpr int EvaluationChunk = 250;
    p.testError = 1.0 - fractionCorrect(argmaxPerColumn(net_.scores(test.inputs, EvaluationChunk)), test.labels);
    curve_.push_back(p);
    lossSum_ = 0;
    lossCount_ = 0;
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
        pipeline_->restore(miniBatches, std::move(blocks));
    }
    curve_ = s.curve;
    lossSum_ = s.lossSum;
    lossCount_ = s.lossCount;
}

}  // namespace dfl
