// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/dense_layer.h"

#include <cmath>

namespace dfl {

DenseLayer::DenseLayer(std::string name, int inputs, int outputs, SeededRandom& random, bool bias)
    : weight(outputs, inputs), bias(Matrix::Zero(outputs, 1)), name_(std::move(name)), hasBias_(bias) {
    // He-uniform: keeps the activation variance through ReLU layers, so deeper nets start trainable.
    const double limit = std::sqrt(6.0 / inputs);
    for (int c = 0; c < inputs; ++c)
        for (int r = 0; r < outputs; ++r) weight(r, c) = float(random.uniform(-limit, limit));
}

Matrix DenseLayer::forward(Matrix input, bool training) {
    Matrix out = weight * input;
    if (hasBias_) out.colwise() += bias.col(0);
    if (training) input_ = std::move(input);
    return out;
}

Matrix DenseLayer::backward(Matrix outputGradient) {
    weightGrad_ = outputGradient * input_.transpose();
    biasGrad_ = hasBias_ ? Matrix(outputGradient.rowwise().sum()) : Matrix::Zero(bias.rows(), 1);
    if (!inputGradientNeeded()) return Matrix(0, outputGradient.cols());
    return weight.transpose() * outputGradient;
}

std::vector<ParamSlot> DenseLayer::params() {
    if (weightGrad_.size() == 0) {
        weightGrad_ = Matrix::Zero(weight.rows(), weight.cols());
        biasGrad_ = Matrix::Zero(bias.rows(), 1);
    }
    std::vector<ParamSlot> p{{name_ + ".weight", &weight, &weightGrad_}};
    if (hasBias_) p.push_back({name_ + ".bias", &bias, &biasGrad_});
    return p;
}

}  // namespace dfl
