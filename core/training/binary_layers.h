// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The layers of a binarised network (Hubara, Courbariaux et al., "Binarized neural networks", NIPS 2016):
//  * BinaryDenseLayer — real-valued latent weights clipped to [−1, 1]; the forward pass uses sign(W) (±1);
//    the straight-through estimator hands the gradient for sign(W) to the latent weights unchanged.
//  * BatchNormLayer — per-feature normalisation with learnt scale and shift (running statistics for inference);
//    folded into an integer threshold per neuron once trained (folded_bnn.h).
//  * SignLayer — ±1 activations; straight-through estimator: gradient passes where |x| ≤ 1 (hard tanh).
// sign(0) is +1 everywhere, so hardware and software agree on ties.

#include "core/training/seeded_random.h"
#include "core/training/training_layer.h"

namespace dfl {

inline float signPlusMinusOne(float x) { return x >= 0 ? 1.0f : -1.0f; }

class BinaryDenseLayer final : public TrainingLayer {
public:
    BinaryDenseLayer(std::string name, int inputs, int outputs, SeededRandom& random);
    std::string name() const override { return name_; }
    Matrix forward(Matrix input, bool training) override;
    Matrix backward(Matrix outputGradient) override;
    std::vector<ParamSlot> params() override;
    void afterUpdate() override;

    Matrix binaryWeight() const;  // sign(latent), ±1
    Matrix latent;                // outputs × inputs, in [−1, 1]

private:
    std::string name_;
    Matrix input_, binary_, latentGrad_;
};

class BatchNormLayer final : public TrainingLayer {
public:
    BatchNormLayer(std::string name, int features, double epsilon = 1e-4, double runningMomentum = 0.1);
    std::string name() const override { return name_; }
    Matrix forward(Matrix input, bool training) override;
    Matrix backward(Matrix outputGradient) override;
    std::vector<ParamSlot> params() override;

    Matrix gamma, beta;                    // features × 1
    Eigen::VectorXd runningMean, runningVar;  // inference statistics
    double epsilon;

private:
    std::string name_;
    double momentum_;
    Matrix normalised_;
    Eigen::VectorXf inverseStd_;
    Matrix gammaGrad_, betaGrad_;
};

class SignLayer final : public TrainingLayer {
public:
    explicit SignLayer(std::string name) : name_(std::move(name)) {}
    std::string name() const override { return name_; }
    Matrix forward(Matrix input, bool training) override;
    Matrix backward(Matrix outputGradient) override;

private:
    std::string name_;
    Matrix input_;
};

}  // namespace dfl
