// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/softmax_cross_entropy.h"

#include <cmath>

namespace dfl {

LossAndGradient softmaxCrossEntropy(const Matrix& logits, const std::vector<int>& labels) {
    LossAndGradient r;
    r.gradient.resize(logits.rows(), logits.cols());
    const double inverseBatch = 1.0 / double(logits.cols());
    for (int s = 0; s < logits.cols(); ++s) {
        // Subtract the maximum so exp never overflows.
        const double top = logits.col(s).maxCoeff();
        double sum = 0;
        for (int c = 0; c < logits.rows(); ++c) sum += std::exp(double(logits(c, s)) - top);
        const int label = labels[std::size_t(s)];
        r.loss += -(double(logits(label, s)) - top - std::log(sum)) * inverseBatch;
        for (int c = 0; c < logits.rows(); ++c) {
            const double p = std::exp(double(logits(c, s)) - top) / sum;
            r.gradient(c, s) = float((p - (c == label ? 1.0 : 0.0)) * inverseBatch);
        }
    }
    return r;
}

std::vector<int> argmaxPerColumn(const Matrix& scores) {
    std::vector<int> best(std::size_t(scores.cols()), 0);
    for (int s = 0; s < scores.cols(); ++s)
        for (int c = 1; c < scores.rows(); ++c)
            if (scores(c, s) > scores(best[std::size_t(s)], s)) best[std::size_t(s)] = c;
    return best;
}

}  // namespace dfl
