// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Checks a layer's backward() against central finite differences of the scalar L = Σ R ⊙ forward(x) for a fixed
// random R: every input and parameter derivative analytic vs numeric.

#include "core/training/seeded_random.h"
#include "core/training/training_layer.h"

#include <string>

namespace dfl {

struct GradientCheckResult {
    double maxRelativeError = 0;  // |analytic − numeric| / max(|analytic|, |numeric|, floor)
    std::string worst;            // which derivative, e.g. "fc1.weight(3,7)" or "input(2,0)"
    int checked = 0;
};

// Checks at most `maxPerTensor` entries of each tensor (spread evenly) to stay fast on big layers. checkParams =
// false checks the input gradient only (the binarised layer's weight gradient is a straight-through estimate).
GradientCheckResult checkLayerGradients(TrainingLayer& layer, const Matrix& input, SeededRandom& random,
                                        double epsilon = 1e-2, int maxPerTensor = 200, bool checkParams = true);

}  // namespace dfl
