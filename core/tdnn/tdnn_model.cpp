// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/tdnn_model.h"

#include "core/sim/serialization.h"
#include "core/tdnn/tdnn_report.h"
#include "core/training/seeded_random.h"

namespace dfl {

std::vector<std::string> fashionMnistClassNames() {
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
}

namespace {

std::shared_ptr<const RaceSetup> makeSetup(const TdnnResults& r, const RaceSelection& sel) {
    auto s = std::make_shared<RaceSetup>();
    s->neuron = sel.neuron;
    s->image = sel.image;
    s->chip = sel.chip;
    const FoldedBinaryLayer& layer = r.bnn->hidden.front();
    const int n = layer.inputs();
    for (int k = 0; k < n; ++k) {
        s->chain.weights.push_back(int(layer.weights(sel.neuron, k)));
        s->chain.inputs.push_back(int(r.testBinary.inputs(k, sel.image)));
    }
    s->chain.threshold = layer.thresholds[std::size_t(sel.neuron)];
    const Variation& v = r.config.variation;
    if (v.sigmaStatic != 0) s->chain.mismatch = r.evaluator->stageMismatch(sel.chip, sel.neuron, v.sigmaStatic);
    s->chain.jitterSigma = v.sigmaJitter;
    s->chain.arbiterOffset = r.evaluator->arbiterOffset(sel.chip, sel.neuron, v.arbiterOffset);
    s->chain.jitterSeed = SeededRandom::derived(r.config.seed, 0x1177E5ULL + std::uint64_t(sel.image) * 65536 + std::uint64_t(sel.neuron))
                              .below(std::uint64_t(1) << 62);
    s->preEncoded = preEncodedInputs(s->chain.inputs);
    s->digitalSum = int(r.evaluator->firstLayerSums()(sel.neuron, sel.image));
    s->digitalDecision = s->digitalSum >= s->chain.threshold ? 1 : -1;
    s->imageSide = r.testImages.width;
    for (int p = 0; p < r.testImages.features(); ++p) s->pixels.push_back(r.testImages.inputs(p, sel.image));
    s->label = r.testImages.labels[std::size_t(sel.image)];
    s->digitalPrediction = r.evaluator->digitalPredictions()[std::size_t(sel.image)];
    s->timeDomainPrediction = r.evaluator->predictions(v, sel.chip)[std::size_t(sel.image)];
    s->classNames = fashionMnistClassNames();
    return s;
}

}  // namespace

TdnnModel::TdnnModel(std::string scenarioName, std::shared_ptr<const TdnnResults> results, RaceSelection selection,
                     std::shared_ptr<const EnergyTable> energy)
    : scenarioName_(std::move(scenarioName)), results_(std::move(results)), setup_(makeSetup(*results_, selection)) {
    report_ = tdnnReport(*results_, *setup_, energy);
    report_.scenario = scenarioName_;
    charts_ = tdnnCharts(*results_, energy);
    reset();
}

void TdnnModel::reset() { state_ = State{}; }

void TdnnModel::step() {
    if (done()) return;
    stepDelayChain(setup_->chain, state_.chain);
    if (!state_.chain.decided) {
        state_.topTimes.push_back(state_.chain.topTime);
        state_.bottomTimes.push_back(state_.chain.bottomTime);
    }
}

FramePtr TdnnModel::frame() const {
    auto f = std::make_shared<TdnnFrame>();
    f->cycle = cycle();
    f->setup = setup_;
    f->state = state_.chain;
    f->topTimes = state_.topTimes;
    f->bottomTimes = state_.bottomTimes;
    f->runningSum = runningSum(setup_->chain, state_.chain);
    return f;
}

MetricsReport TdnnModel::metrics() const { return report_; }

std::vector<ChartSpec> TdnnModel::charts() const { return charts_; }

std::string TdnnModel::saveState() const { return serializeToBytes(state_); }

void TdnnModel::loadState(const std::string& bytes) { deserializeFromBytes(bytes, state_); }

}  // namespace dfl
