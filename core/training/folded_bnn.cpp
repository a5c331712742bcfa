// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/folded_bnn.h"

#include "core/training/binary_layers.h"
#include "core/training/plus_minus_one_bits.h"
#include "core/training/softmax_cross_entropy.h"

#include <cmath>
#include <stdexcept>

namespace dfl {

namespace {

// The batch norm's inference output for integer sum s, in double as the threshold search needs it.
double normalised(const BatchNormLayer& bn, int j, double s) {
    return double(bn.gamma(j, 0)) * (s - bn.runningMean(j)) / std::sqrt(bn.runningVar(j) + bn.epsilon) +
           double(bn.beta(j, 0));
}

FoldedBinaryLayer foldHidden(const BinaryDenseLayer& dense, const BatchNormLayer& bn) {
    FoldedBinaryLayer f;
    f.weights = dense.binaryWeight();
    const int n = f.inputs();
    f.thresholds.resize(std::size_t(f.outputs()));
    for (int j = 0; j < f.outputs(); ++j) {
        // Fires iff normalised(s) ≥ 0. Increasing in s when γ > 0; otherwise negate the weights so it is.
        const bool increasing = bn.gamma(j, 0) > 0;
        if (!increasing) f.weights.row(j) *= -1.0f;
        auto fires = [&](int s) { return normalised(bn, j, increasing ? s : -s) >= 0; };
        if (bn.gamma(j, 0) == 0) {  // constant output: a threshold no sum or every sum reaches
            f.thresholds[std::size_t(j)] = fires(0) ? -n - 1 : n + 1;
            continue;
        }
        // Smallest integer s in [−n, n+1] that fires; start from the real-valued crossing and correct rounding.
        const double crossing = bn.runningMean(j) - double(bn.beta(j, 0)) * std::sqrt(bn.runningVar(j) + bn.epsilon) /
                                                        double(bn.gamma(j, 0));
        double start = increasing ? crossing : -crossing;
        start = std::clamp(std::ceil(start), double(-n - 1), double(n + 1));
        int t = int(start);
        while (t > -n - 1 && fires(t - 1)) --t;
        while (t <= n && !fires(t)) ++t;
        f.thresholds[std::size_t(j)] = t;
    }
    return f;
}

}  // namespace

FoldedBnn foldBinarizedMlp(const SequentialNet& net) {
    FoldedBnn folded;
    const auto& layers = net.layers();
    for (std::size_t i = 0; i < layers.size();) {
        const auto* dense = dynamic_cast<const BinaryDenseLayer*>(layers[i].get());
        const auto* bn = i + 1 < layers.size() ? dynamic_cast<const BatchNormLayer*>(layers[i + 1].get()) : nullptr;
        if (!dense || !bn) throw std::invalid_argument("foldBinarizedMlp: expected BinaryDense → BatchNorm pairs");
        const bool last = i + 2 == layers.size();
        if (last) {
            FoldedOutputLayer& out = folded.output;
            out.weights = dense->binaryWeight();
            out.scale.resize(out.weights.rows());
            out.offset.resize(out.weights.rows());
            for (int c = 0; c < out.weights.rows(); ++c) {
                out.scale(c) = double(bn->gamma(c, 0)) / std::sqrt(bn->runningVar(c) + bn->epsilon);
                out.offset(c) = double(bn->beta(c, 0)) - out.scale(c) * bn->runningMean(c);
            }
            return folded;
        }
        if (i + 2 >= layers.size() || !dynamic_cast<const SignLayer*>(layers[i + 2].get()))
            throw std::invalid_argument("foldBinarizedMlp: a hidden batch norm must be followed by a sign layer");
        folded.hidden.push_back(foldHidden(*dense, *bn));
        i += 3;
    }
    throw std::invalid_argument("foldBinarizedMlp: the net has no output layer");
}

Eigen::MatrixXf firedBySums(const FoldedBinaryLayer& layer, Eigen::MatrixXf sums) {
    std::vector<float> thresholds(layer.thresholds.begin(), layer.thresholds.end());
    const Eigen::Index neurons = sums.rows();
    // Down each column: memory order (row by row strode across the whole matrix, a cache miss per element).
    for (Eigen::Index s = 0; s < sums.cols(); ++s) {
        float* column = sums.col(s).data();
        for (Eigen::Index j = 0; j < neurons; ++j) column[j] = column[j] >= thresholds[std::size_t(j)] ? 1.0f : -1.0f;
    }
    return sums;
}

Eigen::MatrixXf hiddenSums(const FoldedBinaryLayer& layer, const Eigen::MatrixXf& inputs) {
    // ±1 inputs: XNOR-popcount, a few times faster than the matrix product. Either way the sums are exact integers.
    std::optional<Eigen::MatrixXf> exact = xnorProduct(layer.weights, inputs);
    return exact ? std::move(*exact) : Eigen::MatrixXf(layer.weights * inputs);
}

Eigen::MatrixXf hiddenActivations(const FoldedBinaryLayer& layer, const Eigen::MatrixXf& inputs) {
    return firedBySums(layer, hiddenSums(layer, inputs));
}

Eigen::MatrixXf outputScores(const FoldedOutputLayer& layer, const Eigen::MatrixXf& lastHidden) {
    const Eigen::MatrixXd sums = (layer.weights * lastHidden).cast<double>();
    Eigen::MatrixXd scores = layer.scale.asDiagonal() * sums;
    scores.colwise() += layer.offset;
    return scores.cast<float>();
}

std::vector<int> predictFromFirstHidden(const FoldedBnn& bnn, Eigen::MatrixXf firstHidden) {
    Eigen::MatrixXf x = std::move(firstHidden);
    for (std::size_t l = 1; l < bnn.hidden.size(); ++l) x = hiddenActivations(bnn.hidden[l], x);
    return argmaxPerColumn(outputScores(bnn.output, x));
}

std::vector<int> predictFolded(const FoldedBnn& bnn, const Eigen::MatrixXf& inputs) {
    if (bnn.hidden.empty()) return argmaxPerColumn(outputScores(bnn.output, inputs));
    return predictFromFirstHidden(bnn, hiddenActivations(bnn.hidden.front(), inputs));
}

}  // namespace dfl
