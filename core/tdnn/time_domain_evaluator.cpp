// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/time_domain_evaluator.h"

#include "core/sim/indexed_jobs.h"

#include "core/training/seeded_random.h"
#include "core/training/sequential_net.h"
#include "core/training/softmax_cross_entropy.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dfl {

namespace {
Eigen::MatrixXf unitNormals(SeededRandom& random, Eigen::Index rows, Eigen::Index cols) {
    Eigen::MatrixXf m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(random.normal());
    return m;
}
}  // namespace

std::vector<TimeDomainEvaluator::Chip> TimeDomainEvaluator::drawChips(const std::vector<std::pair<int, int>>& hiddenShapes,
                                                                      const Eigen::MatrixXf& inputs, std::uint64_t seed,
                                                                      int chips, int threads) {
    std::vector<Chip> drawn(std::size_t(std::max(1, chips)));
    runIndexedJobs(drawn.size(), threads, [&](size_t c) {
        // One stream per chip: adding chips never changes the earlier ones.
        SeededRandom random = SeededRandom::derived(seed, 0x7D00 + std::uint64_t(c));
        Chip& chip = drawn[c];
        for (const auto& [outputs, layerInputs] : hiddenShapes) {
            chip.mismatch.push_back(unitNormals(random, outputs, layerInputs));
            chip.arbiter.push_back(unitNormals(random, outputs, 1).col(0));
            chip.jitter.push_back(unitNormals(random, outputs, inputs.cols()));
        }
        chip.firstMismatchSums = chip.mismatch.front() * inputs;
    });
    return drawn;
}

namespace {
std::vector<std::pair<int, int>> hiddenShapesOf(const FoldedBnn& bnn) {
    std::vector<std::pair<int, int>> shapes;
    for (const FoldedBinaryLayer& layer : bnn.hidden) shapes.emplace_back(layer.outputs(), layer.inputs());
    return shapes;
}
}  // namespace

TimeDomainEvaluator::TimeDomainEvaluator(const FoldedBnn& bnn, Eigen::MatrixXf inputs, std::vector<int> labels,
                                         std::uint64_t seed, int chips)
    : bnn_(bnn), inputs_(std::move(inputs)), labels_(std::move(labels)), chips_(std::max(1, chips)) {
    // The chips (millions of normal draws each) and the digital reference in parallel: the same results as in turn.
    runIndexedJobs(2, workerThreads(), [&](size_t job) {
        if (job == 0) chipDraws_ = drawChips(hiddenShapesOf(bnn_), inputs_, seed, chips_, workerThreads());
        else computeDigital();
    });
}

TimeDomainEvaluator::TimeDomainEvaluator(const FoldedBnn& bnn, Eigen::MatrixXf inputs, std::vector<int> labels,
                                         std::vector<Chip> chips)
    : bnn_(bnn), inputs_(std::move(inputs)), labels_(std::move(labels)), chips_(int(chips.size())),
      chipDraws_(std::move(chips)) {
    const std::vector<std::pair<int, int>> shapes = hiddenShapesOf(bnn_);
    for (const Chip& chip : chipDraws_)
        if (chip.mismatch.size() != shapes.size() || chip.mismatch.front().rows() != shapes.front().first ||
            chip.mismatch.front().cols() != shapes.front().second || chip.jitter.front().cols() != inputs_.cols())
            throw std::logic_error("chips drawn for another network or other inputs");
    if (chipDraws_.empty()) throw std::logic_error("no chips drawn");
    computeDigital();
}

void TimeDomainEvaluator::computeDigital() {
    sums_ = bnn_.hidden.front().weights * inputs_;
    digitalFirst_ = hiddenActivations(bnn_.hidden.front(), inputs_);
    digitalPredictions_ = predictFolded(bnn_, inputs_);
    digitalAccuracy_ = fractionCorrect(digitalPredictions_, labels_);
}

Eigen::MatrixXf TimeDomainEvaluator::decideLayer(int l, const Eigen::MatrixXf& x, const Eigen::MatrixXf& sums,
                                                 const Eigen::MatrixXf* mismatchSums, const Chip& chip,
                                                 const Variation& v) const {
    const FoldedBinaryLayer& layer = bnn_.hidden[std::size_t(l)];
    Eigen::MatrixXf d = sums;
    if (v.sigmaStatic != 0) d += float(v.sigmaStatic) * (mismatchSums ? *mismatchSums : Eigen::MatrixXf(chip.mismatch[std::size_t(l)] * x));
    if (v.sigmaJitter != 0) d += float(v.sigmaJitter * std::sqrt(double(layer.inputs()))) * chip.jitter[std::size_t(l)];
    std::vector<float> offset(std::size_t(d.rows())), arbiter(std::size_t(d.rows()));
    for (Eigen::Index j = 0; j < d.rows(); ++j) {
        offset[std::size_t(j)] = float(layer.thresholds[std::size_t(j)]) - 0.5f;
        arbiter[std::size_t(j)] = float(v.arbiterOffset) * chip.arbiter[std::size_t(l)](j);
    }
    Eigen::MatrixXf fired(d.rows(), d.cols());
    for (Eigen::Index s = 0; s < d.cols(); ++s)  // down each column: memory order
        for (Eigen::Index j = 0; j < d.rows(); ++j)
            fired(j, s) = d(j, s) - offset[std::size_t(j)] > arbiter[std::size_t(j)] ? 1.0f : -1.0f;
    return fired;
}

template <class Visit>
void TimeDomainEvaluator::forEachChip(const Variation& v, Visit&& visit) const {
    for (int c = 0; c < chips_; ++c) {
        const Chip& chip = chipDraws_[std::size_t(c)];
        const Eigen::MatrixXf first = decideLayer(0, inputs_, sums_, &chip.firstMismatchSums, chip, v);
        Eigen::MatrixXf x = first;
        for (int l = 1; l < int(bnn_.hidden.size()); ++l) {
            const Eigen::MatrixXf sums = bnn_.hidden[std::size_t(l)].weights * x;
            x = decideLayer(l, x, sums, nullptr, chip, v);
        }
        visit(c, first, argmaxPerColumn(outputScores(bnn_.output, x)));
    }
}

namespace {

// Φ(−|m|/σ) for first-layer margins m = s − (T − ½). With ±1 inputs and weights, s and T are integers, so |m| − ½ is
// a small non-negative integer: each distinct value's probability is computed once per σ (the same function on the
// same argument, so the same figures) instead of once per neuron and image — millions of erfc calls per sweep point.
class FlipProbabilityTable {
public:
    explicit FlipProbabilityTable(double sigma) : sigma_(sigma) {}
    double operator()(double margin) {
        const double index = std::abs(margin) - 0.5;
        if (!(index >= 0 && index < MaxIndex && index == std::floor(index))) return predictedFlipProbability(margin, sigma_);
        const std::size_t i = std::size_t(index);
        if (i >= known_.size()) known_.resize(i + 1, -1.0);
        if (known_[i] < 0) known_[i] = predictedFlipProbability(margin, sigma_);
        return known_[i];
    }

private:
    static constexpr double MaxIndex = 1 << 20;
    double sigma_;
    std::vector<double> known_;  // −1: not computed yet
};

}  // namespace

TimeDomainOutcome TimeDomainEvaluator::evaluate(const Variation& v) const {
    TimeDomainOutcome o;
    o.accuracyMin = 1;
    double flips = 0, agree = 0;
    forEachChip(v, [&](int, const Eigen::MatrixXf& first, const std::vector<int>& predicted) {
        const double acc = fractionCorrect(predicted, labels_);
        o.accuracy += acc / chips_;
        o.accuracyMin = std::min(o.accuracyMin, acc);
        o.accuracyMax = std::max(o.accuracyMax, acc);
        flips += double((first.array() != digitalFirst_.array()).count()) / double(first.size()) / chips_;
        agree += fractionCorrect(predicted, digitalPredictions_) / chips_;
    });
    o.flipRate = flips;
    o.agreement = agree;
    FlipProbabilityTable flipProbability(totalSigma(v, stages()));
    double predicted = 0;
    const FoldedBinaryLayer& layer = bnn_.hidden.front();
    for (Eigen::Index j = 0; j < sums_.rows(); ++j)
        for (Eigen::Index s = 0; s < sums_.cols(); ++s)
            predicted += flipProbability(sums_(j, s) - (layer.thresholds[std::size_t(j)] - 0.5));
    o.predictedFlipRate = predicted / double(sums_.size());
    return o;
}

Eigen::MatrixXf TimeDomainEvaluator::firstLayerDecisions(const Variation& v, int chip) const {
    Eigen::MatrixXf result;
    forEachChip(v, [&](int c, const Eigen::MatrixXf& first, const std::vector<int>&) {
        if (c == chip) result = first;
    });
    return result;
}

std::vector<int> TimeDomainEvaluator::predictions(const Variation& v, int chip) const {
    std::vector<int> result;
    forEachChip(v, [&](int c, const Eigen::MatrixXf&, const std::vector<int>& p) {
        if (c == chip) result = p;
    });
    return result;
}

std::vector<MarginBin> TimeDomainEvaluator::flipsByMargin(const Variation& v, double binWidth, int bins) const {
    std::vector<MarginBin> out(static_cast<std::size_t>(bins));
    for (int b = 0; b < bins; ++b) {
        out[std::size_t(b)].low = b * binWidth;
        out[std::size_t(b)].high = (b + 1) * binWidth;
    }
    FlipProbabilityTable flipProbability(totalSigma(v, stages()));
    const FoldedBinaryLayer& layer = bnn_.hidden.front();
    forEachChip(v, [&](int, const Eigen::MatrixXf& first, const std::vector<int>&) {
        for (Eigen::Index j = 0; j < sums_.rows(); ++j)
            for (Eigen::Index s = 0; s < sums_.cols(); ++s) {
                const double margin = std::abs(sums_(j, s) - (layer.thresholds[std::size_t(j)] - 0.5));
                const int b = int(margin / binWidth);
                if (b >= bins) continue;
                MarginBin& bin = out[std::size_t(b)];
                ++bin.decisions;
                bin.flips += first(j, s) != digitalFirst_(j, s);
                bin.predicted += flipProbability(margin);
            }
    });
    for (MarginBin& bin : out)
        if (bin.decisions) bin.predicted /= double(bin.decisions);
    return out;
}

std::vector<double> TimeDomainEvaluator::stageMismatch(int chip, int neuron, double sigmaStatic) const {
    const Eigen::MatrixXf& m = chipDraws_.at(std::size_t(chip)).mismatch.front();
    std::vector<double> row(std::size_t(m.cols()));
    for (Eigen::Index k = 0; k < m.cols(); ++k) row[std::size_t(k)] = sigmaStatic * double(m(neuron, k));
    return row;
}

double TimeDomainEvaluator::arbiterOffset(int chip, int neuron, double sigma) const {
    return sigma * double(chipDraws_.at(std::size_t(chip)).arbiter.front()(neuron));
}

}  // namespace dfl
