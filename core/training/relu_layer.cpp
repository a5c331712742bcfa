// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/relu_layer.h"

namespace dfl {

Matrix ReluLayer::forward(const Matrix& input, bool training) {
    if (training) input_ = input;
    return input.cwiseMax(0.0f);
}

Matrix ReluLayer::backward(const Matrix& outputGradient) {
    return outputGradient.cwiseProduct((input_.array() > 0.0f).cast<float>().matrix());
}

}  // namespace dfl
