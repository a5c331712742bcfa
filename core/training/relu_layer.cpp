// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/relu_layer.h"

namespace dfl {

// Both directions work in place on the matrix handed in (SequentialNet moves it): no new matrix per mini-batch.
Matrix ReluLayer::forward(Matrix x, bool training) {
    x = x.cwiseMax(0.0f);
    if (training) output_ = x;  // reuses the buffer of the previous mini-batch
    return x;
}

Matrix ReluLayer::backward(Matrix g) {
    g.array() *= (output_.array() > 0.0f).cast<float>();
    return g;
}

}  // namespace dfl
