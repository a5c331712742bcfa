// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Softmax with cross-entropy: the loss at the end of every classifier here. Mean over the batch.

#include "core/training/training_layer.h"

#include <vector>

namespace dfl {

struct LossAndGradient {
    double loss = 0;  // mean cross-entropy over the batch (nats)
    Matrix gradient;  // d loss / d logits, classes × samples
};

LossAndGradient softmaxCrossEntropy(const Matrix& logits, const std::vector<int>& labels);

// Index of the largest logit per column (the lowest index on ties, so results are reproducible).
std::vector<int> argmaxPerColumn(const Matrix& scores);

}  // namespace dfl
