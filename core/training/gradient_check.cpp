// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/gradient_check.h"

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {

double weightedSum(TrainingLayer& layer, const Matrix& input, const Matrix& weights) {
    // Training mode so batch norm uses the batch statistics the analytic gradient differentiates.
    const Matrix out = layer.forward(input, true);
    return (out.cast<double>().array() * weights.cast<double>().array()).sum();
}

void compare(GradientCheckResult& r, const std::string& what, double analytic, double numeric) {
    const double scale = std::max({std::abs(analytic), std::abs(numeric), 1e-2});
    const double error = std::abs(analytic - numeric) / scale;
    ++r.checked;
    if (error > r.maxRelativeError) {
        r.maxRelativeError = error;
        r.worst = what;
    }
}

// Perturbs each checked entry of `tensor` and compares with the analytic derivative.
void checkTensor(GradientCheckResult& r, const std::string& name, Matrix& tensor, const Matrix& analytic,
                 TrainingLayer& layer, const Matrix& input, const Matrix& weights, double epsilon, int maxEntries,
                 bool tensorIsInput) {
    const Eigen::Index count = tensor.size();
    const Eigen::Index stride = std::max<Eigen::Index>(1, count / maxEntries);
    for (Eigen::Index i = 0; i < count; i += stride) {
        const float saved = tensor.data()[i];
        tensor.data()[i] = saved + float(epsilon);
        const double up = weightedSum(layer, tensorIsInput ? tensor : input, weights);
        tensor.data()[i] = saved - float(epsilon);
        const double down = weightedSum(layer, tensorIsInput ? tensor : input, weights);
        tensor.data()[i] = saved;
        const Eigen::Index row = i % tensor.rows(), col = i / tensor.rows();
        compare(r, name + "(" + std::to_string(row) + "," + std::to_string(col) + ")", analytic.data()[i],
                (up - down) / (2 * epsilon));
    }
}

}  // namespace

GradientCheckResult checkLayerGradients(TrainingLayer& layer, const Matrix& input, SeededRandom& random,
                                        double epsilon, int maxPerTensor, bool checkParams) {
    const Matrix probe = layer.forward(input, true);
    Matrix weights(probe.rows(), probe.cols());
    for (Eigen::Index i = 0; i < weights.size(); ++i) weights.data()[i] = float(random.uniform(-1, 1));

    layer.forward(input, true);
    const Matrix inputGradient = layer.backward(weights);
    std::vector<ParamSlot> slots = layer.params();
    std::vector<Matrix> paramGradients;
    for (const ParamSlot& p : slots) paramGradients.push_back(*p.gradient);

    GradientCheckResult r;
    Matrix x = input;
    checkTensor(r, "input", x, inputGradient, layer, input, weights, epsilon, maxPerTensor, true);
    for (std::size_t i = 0; checkParams && i < slots.size(); ++i)
        checkTensor(r, slots[i].name, *slots[i].value, paramGradients[i], layer, input, weights, epsilon, maxPerTensor,
                    false);
    return r;
}

}  // namespace dfl
