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

TimeDomainEvaluator::Chip TimeDomainEvaluator::drawChip(const std::vector<std::pair<int, int>>& hiddenShapes,
                                                        const Eigen::MatrixXf& inputs, std::uint64_t seed, int chip) {
    // One stream per chip: adding chips never changes the earlier ones.
    SeededRandom random = SeededRandom::derived(seed, 0x7D00 + std::uint64_t(chip));
    Chip drawn;
    for (const auto& [outputs, layerInputs] : hiddenShapes) {
        drawn.mismatch.push_back(unitNormals(random, outputs, layerInputs));
        drawn.arbiter.push_back(unitNormals(random, outputs, 1).col(0));
        drawn.jitter.push_back(unitNormals(random, outputs, inputs.cols()));
    }
    drawn.firstMismatchSums = drawn.mismatch.front() * inputs;
    return drawn;
}

std::vector<TimeDomainEvaluator::Chip> TimeDomainEvaluator::drawChips(const std::vector<std::pair<int, int>>& hiddenShapes,
                                                                      const Eigen::MatrixXf& inputs, std::uint64_t seed,
                                                                      int chips, int threads) {
    std::vector<Chip> drawn(std::size_t(std::max(1, chips)));
    runIndexedJobs(drawn.size(), threads, [&](size_t c) { drawn[c] = drawChip(hiddenShapes, inputs, seed, int(c)); });
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
    // One product for the sums, the digital decisions and the predictions (each of them used to compute it again).
    sums_ = hiddenSums(bnn_.hidden.front(), inputs_);
    digitalFirst_ = firedBySums(bnn_.hidden.front(), sums_);
    digitalPredictions_ = predictFromFirstHidden(bnn_, digitalFirst_);
    digitalAccuracy_ = fractionCorrect(digitalPredictions_, labels_);
    computeMarginSteps();
}

void TimeDomainEvaluator::decideLayer(int l, const ColumnBlock& sums, const ColumnBlock& mismatchSums,
                                      Eigen::Index firstImage, const Chip& chip, const Variation& v,
                                      Eigen::MatrixXf& fired) const {
    const FoldedBinaryLayer& layer = bnn_.hidden[std::size_t(l)];
    const float staticScale = float(v.sigmaStatic), jitterScale = float(v.sigmaJitter * std::sqrt(double(layer.inputs())));
    const Eigen::MatrixXf& jitter = chip.jitter[std::size_t(l)];
    std::vector<float> offset(std::size_t(sums.rows())), arbiter(std::size_t(sums.rows()));
    for (Eigen::Index j = 0; j < sums.rows(); ++j) {
        offset[std::size_t(j)] = float(layer.thresholds[std::size_t(j)]) - 0.5f;
        arbiter[std::size_t(j)] = float(v.arbiterOffset) * chip.arbiter[std::size_t(l)](j);
    }
    fired.resize(sums.rows(), sums.cols());
    // One pass, down each column (memory order), with the float operations of sums + σ·mismatch + σ_j·√n·jitter in
    // that order: the same decisions as three whole-matrix passes, without their temporaries.
    const bool withStatic = v.sigmaStatic != 0, withJitter = v.sigmaJitter != 0;
    for (Eigen::Index s = 0; s < sums.cols(); ++s) {
        const float* sum = sums.col(s).data();
        const float* m = withStatic ? mismatchSums.col(s).data() : nullptr;
        const float* n = withJitter ? jitter.col(firstImage + s).data() : nullptr;
        float* out = fired.col(s).data();
        for (Eigen::Index j = 0; j < sums.rows(); ++j) {
            float d = sum[j];
            if (withStatic) d += staticScale * m[j];
            if (withJitter) d += jitterScale * n[j];
            out[j] = d - offset[std::size_t(j)] > arbiter[std::size_t(j)] ? 1.0f : -1.0f;
        }
    }
}

template <class VisitBlock, class EndChip>
void TimeDomainEvaluator::forEachChip(const Variation& v, VisitBlock&& visitBlock, EndChip&& endChip) const {
    // A few hundred images at a time: a block's decisions (256 × 256 floats) stay in the cache for the later layers,
    // the class scores and the visitor, instead of a 10 MB matrix written once and read three times per chip.
    constexpr Eigen::Index BlockImages = 256;
    Eigen::MatrixXf first, x, later;
    const Eigen::Index images = sums_.cols();
    for (int c = 0; c < chips_; ++c) {
        const Chip& chip = chipDraws_[std::size_t(c)];
        for (Eigen::Index s0 = 0; s0 < images; s0 += BlockImages) {
            const Eigen::Index n = std::min(BlockImages, images - s0);
            decideLayer(0, sums_.middleCols(s0, n), chip.firstMismatchSums.middleCols(s0, n), s0, chip, v, first);
            const Eigen::MatrixXf* last = &first;
            for (int l = 1; l < int(bnn_.hidden.size()); ++l) {
                const Eigen::MatrixXf sums = bnn_.hidden[std::size_t(l)].weights * *last;
                const Eigen::MatrixXf mismatchSums =
                    v.sigmaStatic != 0 ? Eigen::MatrixXf(chip.mismatch[std::size_t(l)] * *last) : Eigen::MatrixXf();
                decideLayer(l, sums, mismatchSums, s0, chip, v, later);
                x.swap(later);
                last = &x;
            }
            visitBlock(c, s0, first, argmaxPerColumn(outputScores(bnn_.output, *last)));
        }
        endChip(c);
    }
}

namespace {

// With ±1 inputs and weights, sums and thresholds are integers, so a first-layer margin m = s − (T − ½) has
// |m| = k + ½ for a small whole k, its step. Φ(−|m|/σ) is then computed once per step and σ (the same function on
// the same argument, so the same figures) instead of once per neuron and image: millions of erfc calls per sweep point.
constexpr int NoStep = -1;  // a margin that is not a whole step plus ½ (inputs that are not ±1): computed directly

int marginStep(double margin) {
    const double step = std::abs(margin) - 0.5;
    return step >= 0 && step < double(1 << 20) && step == std::floor(step) ? int(step) : NoStep;
}

std::vector<double> flipProbabilityPerStep(double sigma, int maxStep) {
    std::vector<double> p(std::size_t(maxStep + 1));
    for (int k = 0; k <= maxStep; ++k) p[std::size_t(k)] = predictedFlipProbability(k + 0.5, sigma);
    return p;
}

}  // namespace

void TimeDomainEvaluator::computeMarginSteps() {
    marginSteps_.resize(std::size_t(sums_.size()));
    maxMarginStep_ = 0;
    std::size_t k = 0;
    for (Eigen::Index j = 0; j < sums_.rows(); ++j)
        for (Eigen::Index s = 0; s < sums_.cols(); ++s, ++k) {
            const int step = marginStep(firstLayerMargin(j, s));
            marginSteps_[k] = step;
            maxMarginStep_ = std::max(maxMarginStep_, step);
        }
}

double TimeDomainEvaluator::firstLayerMargin(Eigen::Index j, Eigen::Index s) const {
    return sums_(j, s) - (bnn_.hidden.front().thresholds[std::size_t(j)] - 0.5);
}

template <class Visit>
void TimeDomainEvaluator::forEachFlipProbability(double sigma, Visit&& visit) const {
    const std::vector<double> perStep = flipProbabilityPerStep(sigma, maxMarginStep_);
    std::size_t k = 0;
    for (Eigen::Index j = 0; j < sums_.rows(); ++j)
        for (Eigen::Index s = 0; s < sums_.cols(); ++s, ++k) {
            const int step = marginSteps_[k];
            visit(k, step != NoStep ? perStep[std::size_t(step)] : predictedFlipProbability(firstLayerMargin(j, s), sigma));
        }
}

namespace {
std::int64_t countEqual(const std::vector<int>& a, const std::vector<int>& b, std::size_t bFrom) {
    std::int64_t equal = 0;
    for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[bFrom + i];
    return equal;
}
}  // namespace

TimeDomainOutcome TimeDomainEvaluator::evaluate(const Variation& v) const {
    TimeDomainOutcome o;
    o.accuracyMin = 1;
    double flips = 0, agree = 0;
    std::int64_t flipped = 0, correct = 0, agreeing = 0;  // this chip's, over its blocks of images
    const double images = double(labels_.size()), decisions = double(sums_.size());
    forEachChip(
        v,
        [&](int, Eigen::Index s0, const Eigen::MatrixXf& first, const std::vector<int>& predicted) {
            flipped += (first.array() != digitalFirst_.middleCols(s0, first.cols()).array()).count();
            correct += countEqual(predicted, labels_, std::size_t(s0));
            agreeing += countEqual(predicted, digitalPredictions_, std::size_t(s0));
        },
        [&](int) {
            // As fractionCorrect computes them, chip by chip.
            const double acc = images > 0 ? double(correct) / images : 0;
            o.accuracy += acc / chips_;
            o.accuracyMin = std::min(o.accuracyMin, acc);
            o.accuracyMax = std::max(o.accuracyMax, acc);
            flips += double(flipped) / decisions / chips_;
            agree += (images > 0 ? double(agreeing) / images : 0) / chips_;
            flipped = correct = agreeing = 0;
        });
    o.flipRate = flips;
    o.agreement = agree;
    double predicted = 0;
    forEachFlipProbability(totalSigma(v, stages()), [&](std::size_t, double p) { predicted += p; });
    o.predictedFlipRate = predicted / double(sums_.size());
    return o;
}

Eigen::MatrixXf TimeDomainEvaluator::firstLayerDecisions(const Variation& v, int chip) const {
    Eigen::MatrixXf result(sums_.rows(), sums_.cols());
    forEachChip(
        v,
        [&](int c, Eigen::Index s0, const Eigen::MatrixXf& first, const std::vector<int>&) {
            if (c == chip) result.middleCols(s0, first.cols()) = first;
        },
        [](int) {});
    return result;
}

std::vector<int> TimeDomainEvaluator::predictions(const Variation& v, int chip) const {
    std::vector<int> result(labels_.size());
    forEachChip(
        v,
        [&](int c, Eigen::Index s0, const Eigen::MatrixXf&, const std::vector<int>& p) {
            if (c == chip) std::copy(p.begin(), p.end(), result.begin() + s0);
        },
        [](int) {});
    return result;
}

std::vector<MarginBin> TimeDomainEvaluator::flipsByMargin(const Variation& v, double binWidth, int bins) const {
    std::vector<MarginBin> out(static_cast<std::size_t>(bins));
    for (int b = 0; b < bins; ++b) {
        out[std::size_t(b)].low = b * binWidth;
        out[std::size_t(b)].high = (b + 1) * binWidth;
    }
    // Each decision's bin (−1: beyond the last), image by image (memory order) for the counts, and neuron by neuron for
    // the predicted sums, which add doubles in that order.
    auto binOf = [&](Eigen::Index j, Eigen::Index s) {
        const int b = int(std::abs(firstLayerMargin(j, s)) / binWidth);
        return b < bins ? b : -1;
    };
    std::vector<int> neuronMajorBins(marginSteps_.size());
    std::size_t k = 0;
    for (Eigen::Index j = 0; j < sums_.rows(); ++j)
        for (Eigen::Index s = 0; s < sums_.cols(); ++s) neuronMajorBins[k++] = binOf(j, s);
    forEachChip(
        v,
        [&](int, Eigen::Index s0, const Eigen::MatrixXf& first, const std::vector<int>&) {
            for (Eigen::Index s = 0; s < first.cols(); ++s)
                for (Eigen::Index j = 0; j < sums_.rows(); ++j) {
                    const int b = binOf(j, s0 + s);
                    if (b < 0) continue;
                    MarginBin& bin = out[std::size_t(b)];
                    ++bin.decisions;
                    bin.flips += first(j, s) != digitalFirst_(j, s0 + s);
                }
        },
        [&](int) {
            forEachFlipProbability(totalSigma(v, stages()), [&](std::size_t i, double p) {
                if (neuronMajorBins[i] >= 0) out[std::size_t(neuronMajorBins[i])].predicted += p;
            });
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
