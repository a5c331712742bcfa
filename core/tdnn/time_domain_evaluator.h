// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The event-level model of a whole binarised network on time-domain hardware: every hidden neuron is a delay
// chain (delay_chain.h) whose arbiter sees Σ_k (w_k + v_k)·x_k − (T − ½) against its offset. Instead of
// racing 784 stages per neuron and image, it uses that closed form: static mismatch as a per-chip matrix
// product (exactly the chain's sum), jitter as its exact distribution N(0, N·σ_j²) per neuron and evaluation,
// the arbiter offset per chip. Unit-variance draws are made once per chip and scaled by σ, so a sweep compares
// σ values on the same chips (common random numbers). The cycle model and this one agree exactly without
// jitter (tests). Flip statistics are taken on the first hidden layer, whose inputs are exact.

#include "core/tdnn/variation.h"
#include "core/training/folded_bnn.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace dfl {

struct TimeDomainOutcome {
    double accuracy = 0;               // mean over chips
    double accuracyMin = 0, accuracyMax = 0;
    double flipRate = 0;               // first hidden layer decisions that differ from digital
    double predictedFlipRate = 0;      // mean of Φ(−|m|/σ_total) over the same decisions
    double agreement = 0;              // fraction of images whose class equals the digital prediction
};

struct MarginBin {
    double low = 0, high = 0;          // |m| range (Δ)
    std::int64_t decisions = 0, flips = 0;
    double predicted = 0;              // mean Φ over the bin's decisions
};

class TimeDomainEvaluator {
public:
    // One chip's variation: unit normal draws, scaled by σ only when evaluated.
    struct Chip {
        std::vector<Eigen::MatrixXf> mismatch;  // per hidden layer, unit normals, outputs × inputs
        std::vector<Eigen::VectorXf> arbiter;   // per hidden layer, unit normals
        std::vector<Eigen::MatrixXf> jitter;    // per hidden layer, unit normals, outputs × samples
        Eigen::MatrixXf firstMismatchSums;      // mismatch[0] · inputs
    };
    // The chips' draws depend on the hidden layers' shapes (outputs, inputs), the inputs and the seed, not on the
    // trained weights: the experiment draws them while the network still trains. One stream per chip, on up to
    // `threads` threads, the same draws whatever the number.
    static std::vector<Chip> drawChips(const std::vector<std::pair<int, int>>& hiddenShapes, const Eigen::MatrixXf& inputs,
                                       std::uint64_t seed, int chips, int threads);
    // Chip number `chip` of drawChips alone (the same draws), for callers that schedule the chips themselves.
    static Chip drawChip(const std::vector<std::pair<int, int>>& hiddenShapes, const Eigen::MatrixXf& inputs,
                         std::uint64_t seed, int chip);

    // inputs: ±1, features × samples.
    TimeDomainEvaluator(const FoldedBnn& bnn, Eigen::MatrixXf inputs, std::vector<int> labels, std::uint64_t seed,
                        int chips);
    // With chips drawn beforehand by drawChips for this network's hidden shapes and these inputs.
    TimeDomainEvaluator(const FoldedBnn& bnn, Eigen::MatrixXf inputs, std::vector<int> labels, std::vector<Chip> chips);

    int chips() const { return chips_; }
    int stages() const { return bnn_.hidden.front().inputs(); }  // chain length of the first hidden layer
    double digitalAccuracy() const { return digitalAccuracy_; }
    const std::vector<int>& digitalPredictions() const { return digitalPredictions_; }
    const Eigen::MatrixXf& firstLayerSums() const { return sums_; }

    TimeDomainOutcome evaluate(const Variation& v) const;
    std::vector<int> predictions(const Variation& v, int chip) const;
    Eigen::MatrixXf firstLayerDecisions(const Variation& v, int chip) const;  // ±1, neurons × samples
    std::vector<MarginBin> flipsByMargin(const Variation& v, double binWidth, int bins) const;

    // The draws chip `chip` uses for neuron `neuron` of the first hidden layer, scaled by σ (the race view).
    std::vector<double> stageMismatch(int chip, int neuron, double sigmaStatic) const;
    double arbiterOffset(int chip, int neuron, double sigma) const;

private:
    void computeDigital();  // sums_, digitalFirst_, digitalPredictions_, digitalAccuracy_, the margin steps
    void computeMarginSteps();
    double firstLayerMargin(Eigen::Index neuron, Eigen::Index image) const;  // s − (T − ½)
    // visit(k, Φ(−|m|/σ)) for every first-layer decision k, neuron by neuron.
    template <class Visit> void forEachFlipProbability(double sigmaTotal, Visit&& visit) const;
    using ColumnBlock = Eigen::Ref<const Eigen::MatrixXf>;  // some images' columns of a neurons × images matrix
    // `fired` gets layer `layer`'s ±1 decisions for the images firstImage, firstImage + 1, … from their digital sums
    // and mismatch sums (mismatch · inputs; read only when σ_static ≠ 0).
    void decideLayer(int layer, const ColumnBlock& sums, const ColumnBlock& mismatchSums, Eigen::Index firstImage,
                     const Chip& chip, const Variation& v, Eigen::MatrixXf& fired) const;
    // Chip by chip, block of images by block: visitBlock(chip, firstImage, the first hidden layer's ±1 decisions,
    // the class predictions (every layer in the time domain)), then endChip(chip).
    template <class VisitBlock, class EndChip>
    void forEachChip(const Variation& v, VisitBlock&& visitBlock, EndChip&& endChip) const;

    FoldedBnn bnn_;
    Eigen::MatrixXf inputs_;
    std::vector<int> labels_;
    int chips_;
    std::vector<Chip> chipDraws_;
    Eigen::MatrixXf sums_;          // first hidden layer's integer sums, neurons × samples
    Eigen::MatrixXf digitalFirst_;  // its ±1 decisions
    std::vector<int> digitalPredictions_;
    double digitalAccuracy_ = 0;
    std::vector<int> marginSteps_;  // |m| − ½ of every first-layer decision, neuron by neuron (or NoStep)
    int maxMarginStep_ = 0;
};

}  // namespace dfl
