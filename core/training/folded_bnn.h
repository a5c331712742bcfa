// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A trained binarised MLP as hardware holds it: ±1 weights and, per hidden neuron, one integer threshold —
// batch normalisation folded away. Neuron j fires (+1) iff s_j = Σ_k w_jk·x_k ≥ T_j. A negative batch-norm scale
// reverses the comparison; folding negates that neuron's weights instead, so every neuron has the same form.
// The last layer keeps its integer sums and an affine readout per class (argmax needs no threshold).

#include "core/training/sequential_net.h"

#include <Eigen/Dense>

#include <vector>

namespace dfl {

struct FoldedBinaryLayer {
    Eigen::MatrixXf weights;        // outputs × inputs, exactly ±1 (float so Eigen products are exact integers)
    std::vector<int> thresholds;    // T_j: output +1 iff s_j ≥ T_j
    int inputs() const { return int(weights.cols()); }
    int outputs() const { return int(weights.rows()); }
};

struct FoldedOutputLayer {
    Eigen::MatrixXf weights;     // classes × inputs, ±1
    Eigen::VectorXd scale, offset;  // score_c = scale_c · s_c + offset_c (the folded batch norm)
};

struct FoldedBnn {
    std::vector<FoldedBinaryLayer> hidden;
    FoldedOutputLayer output;
    int inputs() const { return hidden.empty() ? int(output.weights.cols()) : hidden.front().inputs(); }
};

// Folds a net made by makeBinarizedMlp (after training). Hidden thresholds reproduce the batch norm's inference
// sign exactly for every reachable integer sum (evaluated in double precision).
FoldedBnn foldBinarizedMlp(const SequentialNet& net);

// The ±1 forward pass: the integer sums weights · inputs of a hidden layer, and its activations (±1, outputs × samples).
Eigen::MatrixXf hiddenSums(const FoldedBinaryLayer& layer, const Eigen::MatrixXf& inputs);
Eigen::MatrixXf hiddenActivations(const FoldedBinaryLayer& layer, const Eigen::MatrixXf& inputs);
// The same from the layer's sums (weights · inputs, outputs × samples), when they are already known.
Eigen::MatrixXf firedBySums(const FoldedBinaryLayer& layer, Eigen::MatrixXf sums);
Eigen::MatrixXf outputScores(const FoldedOutputLayer& layer, const Eigen::MatrixXf& lastHidden);
// Class predictions for ±1 inputs (features × samples).
std::vector<int> predictFolded(const FoldedBnn& bnn, const Eigen::MatrixXf& inputs);
// The same from the first hidden layer's ±1 activations.
std::vector<int> predictFromFirstHidden(const FoldedBnn& bnn, Eigen::MatrixXf firstHidden);

}  // namespace dfl
