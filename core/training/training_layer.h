// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One trainable layer: forward and backward on a mini-batch held as features × samples (one column per sample).
// Convolution and pooling slot in with the same interface: they keep their C×H×W shape themselves and read and
// write each column as a flattened feature map. Parameters are exposed as (value, gradient) pairs so one
// optimiser, one gradient check and one initialiser serve every layer.

#include <Eigen/Dense>

#include <memory>
#include <string>
#include <vector>

namespace dfl {

using Matrix = Eigen::MatrixXf;

struct ParamSlot {
    std::string name;        // e.g. "fc1.weight"
    Matrix* value = nullptr;
    Matrix* gradient = nullptr;  // same shape; written by backward() (overwritten, not accumulated)
};

class TrainingLayer {
public:
    virtual ~TrainingLayer() = default;
    virtual std::string name() const = 0;
    // training = true keeps what backward() needs and uses batch statistics (batch norm).
    // Input and gradient are taken by value: a caller that moves them in lets an element-wise layer (ReLU) work in
    // place instead of allocating and filling a new matrix of the same size per mini-batch.
    virtual Matrix forward(Matrix input, bool training) = 0;
    // Gradient of the loss with respect to this layer's input, given the gradient with respect to its output;
    // fills the parameter gradients. Valid after a forward(…, true) on the same batch.
    virtual Matrix backward(Matrix outputGradient) = 0;
    virtual std::vector<ParamSlot> params() { return {}; }
    // Called after each optimiser step (e.g. the binarised layer clips its latent weights to [−1, 1]).
    virtual void afterUpdate() {}

    // A network's first layer: nothing consumes the gradient with respect to the images, so a layer with weights
    // skips that matrix product (a third of the first layer's backward work) and backward() returns an empty
    // matrix. SequentialNet::add sets it.
    void setInputGradientNeeded(bool needed) { inputGradientNeeded_ = needed; }
    bool inputGradientNeeded() const { return inputGradientNeeded_; }

private:
    bool inputGradientNeeded_ = true;
};

using LayerPtr = std::unique_ptr<TrainingLayer>;

}  // namespace dfl
