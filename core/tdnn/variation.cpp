// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/variation.h"

#include <cmath>

namespace dfl {

double totalSigma(const Variation& v, int stages) {
    return std::sqrt(stages * (v.sigmaStatic * v.sigmaStatic + v.sigmaJitter * v.sigmaJitter) +
                     v.arbiterOffset * v.arbiterOffset);
}

double standardNormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double predictedFlipProbability(double margin, double sigmaTotal) {
    if (sigmaTotal <= 0) return 0;
    return standardNormalCdf(-std::abs(margin) / sigmaTotal);
}

}  // namespace dfl
