// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/binary_layers.h"

#include "core/training/plus_minus_one_bits.h"

#include <cmath>

namespace dfl {

BinaryDenseLayer::BinaryDenseLayer(std::string name, int inputs, int outputs, SeededRandom& random)
    : latent(outputs, inputs), name_(std::move(name)) {
    // Glorot-uniform scale: small latent weights flip sign easily early in training, then settle.
    const double limit = std::sqrt(6.0 / (inputs + outputs));
    for (int c = 0; c < inputs; ++c)
        for (int r = 0; r < outputs; ++r) latent(r, c) = float(random.uniform(-limit, limit));
}

// A lambda rather than &signPlusMinusOne: a function pointer is called per element, a functor inlines and vectorises.
Matrix BinaryDenseLayer::binaryWeight() const { return latent.unaryExpr([](float x) { return signPlusMinusOne(x); }); }

Matrix BinaryDenseLayer::forward(Matrix input, bool training) {
    // ±1 inputs (the binarised images, the previous layer's signs): XNOR-popcount gives the product's exact integers
    // (784 → 256 on 100 images: the TDNN lesson's main training 1.4 → 1.1 s). sign(W) as floats is then needed only
    // for the input gradient, which the first layer does not compute.
    std::optional<Matrix> exact = xnorProduct(latent, input);
    if (!exact || inputGradientNeeded()) binary_ = binaryWeight();
    Matrix out = exact ? std::move(*exact) : Matrix(binary_ * input);
    if (training) input_ = std::move(input);
    return out;
}

Matrix BinaryDenseLayer::backward(Matrix outputGradient) {
    latentGrad_ = outputGradient * input_.transpose();  // straight through sign(W)
    if (!inputGradientNeeded()) return Matrix(0, outputGradient.cols());
    return binary_.transpose() * outputGradient;
}

std::vector<ParamSlot> BinaryDenseLayer::params() {
    if (latentGrad_.size() == 0) latentGrad_ = Matrix::Zero(latent.rows(), latent.cols());
    return {{name_ + ".latent", &latent, &latentGrad_}};
}

void BinaryDenseLayer::afterUpdate() { latent = latent.cwiseMax(-1.0f).cwiseMin(1.0f); }

BatchNormLayer::BatchNormLayer(std::string name, int features, double epsilon_, double runningMomentum)
    : gamma(Matrix::Ones(features, 1)), beta(Matrix::Zero(features, 1)), runningMean(Eigen::VectorXd::Zero(features)),
      runningVar(Eigen::VectorXd::Ones(features)), epsilon(epsilon_), name_(std::move(name)), momentum_(runningMomentum) {}

Matrix BatchNormLayer::forward(Matrix input, bool training) {
    const int features = int(input.rows());
    Matrix out(input.rows(), input.cols());
    if (!training) {
        for (int f = 0; f < features; ++f) {
            const double scale = double(gamma(f, 0)) / std::sqrt(runningVar(f) + epsilon);
            out.row(f) = ((input.row(f).cast<double>().array() - runningMean(f)) * scale + double(beta(f, 0)))
                             .cast<float>()
                             .matrix();
        }
        return out;
    }
    const Eigen::VectorXf mean = input.rowwise().mean();
    const Matrix centred = input.colwise() - mean;
    const Eigen::VectorXf var = centred.array().square().rowwise().mean();
    inverseStd_ = (var.array() + float(epsilon)).rsqrt();
    normalised_ = inverseStd_.asDiagonal() * centred;
    out = gamma.col(0).asDiagonal() * normalised_;
    out.colwise() += beta.col(0);
    runningMean = (1 - momentum_) * runningMean + momentum_ * mean.cast<double>();
    const double unbiased = input.cols() > 1 ? double(input.cols()) / double(input.cols() - 1) : 1.0;
    runningVar = (1 - momentum_) * runningVar + momentum_ * unbiased * var.cast<double>();
    return out;
}

Matrix BatchNormLayer::backward(Matrix g) {
    const float n = float(g.cols());
    gammaGrad_ = g.cwiseProduct(normalised_).rowwise().sum();
    betaGrad_ = g.rowwise().sum();
    // dx = γ/σ · (g − mean(g) − x̂ · mean(g ⊙ x̂))
    const Eigen::VectorXf meanG = betaGrad_.col(0) / n;
    const Eigen::VectorXf meanGx = gammaGrad_.col(0) / n;
    Matrix dx = g.colwise() - meanG;
    dx -= meanGx.asDiagonal() * normalised_;
    return (gamma.col(0).array() * inverseStd_.array()).matrix().asDiagonal() * dx;
}

std::vector<ParamSlot> BatchNormLayer::params() {
    if (gammaGrad_.size() == 0) {
        gammaGrad_ = Matrix::Zero(gamma.rows(), 1);
        betaGrad_ = Matrix::Zero(beta.rows(), 1);
    }
    return {{name_ + ".gamma", &gamma, &gammaGrad_}, {name_ + ".beta", &beta, &betaGrad_}};
}

Matrix SignLayer::forward(Matrix input, bool training) {
    Matrix out = input.unaryExpr([](float x) { return signPlusMinusOne(x); });
    if (training) input_ = std::move(input);
    return out;
}

Matrix SignLayer::backward(Matrix outputGradient) {
    return outputGradient.cwiseProduct((input_.array().abs() <= 1.0f).cast<float>().matrix());
}

}  // namespace dfl
