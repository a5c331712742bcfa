// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Fully connected layer y = W·x + b, W initialised He-uniform from the seeded generator.

#include "core/training/seeded_random.h"
#include "core/training/training_layer.h"

namespace dfl {

class DenseLayer final : public TrainingLayer {
public:
    DenseLayer(std::string name, int inputs, int outputs, SeededRandom& random, bool bias = true);
    std::string name() const override { return name_; }
    Matrix forward(Matrix input, bool training) override;
    Matrix backward(Matrix outputGradient) override;
    std::vector<ParamSlot> params() override;

    Matrix weight, bias;  // outputs × inputs, outputs × 1

private:
    std::string name_;
    bool hasBias_;
    Matrix input_;
    Matrix weightGrad_, biasGrad_;
};

}  // namespace dfl
