// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// max(0, x); the gradient passes where the input was positive.

#include "core/training/training_layer.h"

namespace dfl {

class ReluLayer final : public TrainingLayer {
public:
    explicit ReluLayer(std::string name) : name_(std::move(name)) {}
    std::string name() const override { return name_; }
    Matrix forward(Matrix input, bool training) override;
    Matrix backward(Matrix outputGradient) override;

private:
    std::string name_;
    Matrix output_;  // kept by forward(…, true): positive exactly where the input was
};

}  // namespace dfl
