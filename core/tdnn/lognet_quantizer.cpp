// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/lognet_quantizer.h"

#include "core/training/dense_layer.h"
#include "core/training/relu_layer.h"
#include "core/training/softmax_cross_entropy.h"

#include <cmath>
#include <stdexcept>

namespace dfl {

std::string quantSchemeName(QuantScheme scheme) { return scheme == QuantScheme::Log ? "log" : "linear"; }

QuantGrid fitGrid(QuantScheme scheme, int bits, double maxAbs) {
    QuantGrid g;
    g.scheme = scheme;
    g.bits = bits;
    g.maxAbs = maxAbs > 0 ? maxAbs : 1;
    g.fsr = int(std::lround(std::log2(g.maxAbs))) + 1;
    g.step = g.maxAbs / double((1 << bits) - 1);
    return g;
}

QuantGrid powerOfTwoGrid(QuantScheme scheme, int bits, int fsr) {
    QuantGrid g;
    g.scheme = scheme;
    g.bits = bits;
    g.fsr = fsr;
    g.step = std::ldexp(1.0, fsr - bits);
    g.maxAbs = std::ldexp(1.0, fsr);
    return g;
}

float quantize(float x, const QuantGrid& g) {
    if (x == 0) return 0;
    const double magnitude = std::abs(double(x));
    double q;
    if (g.scheme == QuantScheme::Log) {
        const long exponent = std::lround(std::log2(magnitude));
        const long minimum = long(g.fsr) - (1L << g.bits);
        if (exponent <= minimum) return 0;  // underflow
        q = std::ldexp(1.0, int(std::min<long>(exponent, g.fsr - 1)));
    } else {
        q = g.step * std::min(std::round(magnitude / g.step), double((1 << g.bits) - 1));
    }
    return float(x < 0 ? -q : q);
}

std::vector<double> gridLevels(const QuantGrid& g) {
    std::vector<double> levels{0.0};
    if (g.scheme == QuantScheme::Log)
        for (int e = g.fsr - (1 << g.bits) + 1; e <= g.fsr - 1; ++e) levels.push_back(std::ldexp(1.0, e));
    else
        for (int k = 1; k < (1 << g.bits); ++k) levels.push_back(k * g.step);
    return levels;
}

namespace {

Matrix quantized(const Matrix& m, const QuantGrid& g) {
    return m.unaryExpr([&g](float x) { return quantize(x, g); });
}

double maxAbsOf(const Matrix& m) { return m.size() ? double(m.cwiseAbs().maxCoeff()) : 1.0; }

}  // namespace

double quantizedAccuracy(SequentialNet& net, const Dataset& test, const Dataset& calibration, QuantScheme scheme,
                         int bits, bool activations) {
    // Activation ranges: the largest input each dense layer sees on the calibration samples.
    std::vector<double> activationMax;
    Matrix x = calibration.inputs;
    for (const auto& layer : net.layers()) {
        if (dynamic_cast<const DenseLayer*>(layer.get())) activationMax.push_back(maxAbsOf(x));
        x = layer->forward(x, false);
    }
    x = test.inputs;
    std::size_t dense = 0;
    for (const auto& layer : net.layers()) {
        if (const auto* d = dynamic_cast<const DenseLayer*>(layer.get())) {
            if (activations) x = quantized(x, fitGrid(scheme, bits, activationMax[dense]));
            const Matrix w = quantized(d->weight, fitGrid(scheme, bits, maxAbsOf(d->weight)));
            Matrix out = w * x;
            out.colwise() += d->bias.col(0);  // biases stay at accumulator precision
            x = std::move(out);
            ++dense;
        } else if (dynamic_cast<const ReluLayer*>(layer.get())) {
            x = x.cwiseMax(0.0f);
        } else {
            throw std::invalid_argument("quantizedAccuracy: only dense and ReLU layers are supported");
        }
    }
    return fractionCorrect(argmaxPerColumn(x), test.labels);
}

}  // namespace dfl
