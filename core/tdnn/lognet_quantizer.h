// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LOGNET (Lee, Miyashita, Chai, Murmann, Wong, ICASSP 2017) against linear quantisation, without retraining.
//  * log:    LogQuant(x) = sign(x)·2^x̃, x̃ = Clip(Round(log2|x|), FSR − 2^b, FSR), where Clip sends values at or below
//            the minimum to 0 (underflow) and values at or above FSR to FSR − 1: 2^b codes (zero + 2^b − 1 powers
//            of two). FSR = Round(log2 max|x|) + 1, so the largest value keeps its own power of two.
//  * linear: sign(x)·step·Round(|x|/step), step = max|x| / (2^b − 1), clipped: 2^b codes from 0 to max|x|;
//            values below step/2 underflow to 0.
// b counts magnitude bits; weights carry one more bit for the sign, post-ReLU activations need none.

#include "core/training/dataset.h"
#include "core/training/sequential_net.h"

#include <string>
#include <vector>

namespace dfl {

enum class QuantScheme { Linear, Log };
std::string quantSchemeName(QuantScheme scheme);  // "linear", "log"

struct QuantGrid {
    QuantScheme scheme = QuantScheme::Log;
    int bits = 4;
    double maxAbs = 1;  // the full-scale range the grid is fitted to
    int fsr = 0;        // log: the exponent bound
    double step = 0;    // linear: level spacing
};

QuantGrid fitGrid(QuantScheme scheme, int bits, double maxAbs);
// The seed's experiment: a grid fixed by an integer full-scale range FSR (the largest magnitude is below 2^FSR) with
// power-of-two steps for both encodings. log: levels 2^(FSR − 2^b + 1) … 2^(FSR − 1) and 0; linear: step
// 2^(FSR − b), levels 0 … (2^b − 1)·step. b = magnitude bits (total bits − 1 for the sign).
QuantGrid powerOfTwoGrid(QuantScheme scheme, int bits, int fsr);
float quantize(float x, const QuantGrid& grid);
std::vector<double> gridLevels(const QuantGrid& grid);  // the non-negative representable magnitudes, ascending

// Accuracy of a float MLP (dense/ReLU layers, as makeFloatMlp builds) with every layer's weights quantised and,
// when `activations`, every layer's input too (full-scale ranges of activations calibrated on `calibration`).
double quantizedAccuracy(SequentialNet& floatNet, const Dataset& test, const Dataset& calibration, QuantScheme scheme,
                         int bits, bool activations);

}  // namespace dfl
