// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LOGNET's experiment (Miyashita, Lee, Murmann; the Toshiba talk's "Top-5 accuracies after linear and log2 encoding
// on all layers' weights without retraining") at our scale: the 8-weight-layer CNN the convergence module trains
// (built-in network "fashion-cnn"), trained in float on Fashion-MNIST, then every weight of every layer encoded
// linear or log2 with 3–6 total bits (sign included) and power-of-two steps, one full-scale range (FSR) for the whole
// network swept, and top-1 / top-5 measured on the test images. No retraining; biases stay at accumulator precision.

#include "core/tdnn/lognet_quantizer.h"
#include "core/training/dataset.h"
#include "core/training/sgd_trainer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dfl {

struct LognetCnnSettings {
    int epochs = 2;               // float training of the CNN
    double learningRate = 0.01;   // SGD, momentum 0.9, batch 32, on standardised pixels
    int trainSamples = 30000;
    int testSamples = 10000;      // top-1 / top-5 over these
    std::uint64_t seed = 1;
    std::vector<int> totalBits{3, 4, 5, 6};
};

struct LognetCnnRow {
    int totalBits = 0;  // including the sign
    QuantScheme scheme = QuantScheme::Log;
    int fsr = 0;        // the largest representable magnitude is below 2^fsr
    double top1 = 0, top5 = 0;
};

struct LognetCnnStudy {
    std::string network = "fashion-cnn";
    std::vector<EpochReport> training;
    double floatTop1 = 0, floatTop5 = 0;
    int maxAbsExponent = 0;            // ⌈log2 max|w|⌉ over all weights: the FSR at which nothing clips
    std::vector<LognetCnnRow> sweep;   // every (bits, encoding, FSR)
    std::vector<LognetCnnRow> best;    // per (bits, encoding): the FSR with the best top-1 (then top-5, then larger FSR)
    std::vector<float> weights;        // every weight of the trained CNN, for the histogram
};

// data: grey levels in [0, 1] (standardised here with the training subset's statistics, as the convergence module
// trains). The evaluations run in parallel (workerThreads()); results do not depend on the thread count.
// progress(fraction) may throw to abandon the study.
LognetCnnStudy runLognetCnnStudy(const TrainTestSplit& data, const LognetCnnSettings& settings,
                                 const std::function<void(double)>& progress = {});

// Fraction of columns whose label is among the k largest scores (ties: the lower class index ranks first).
double topKAccuracy(const Matrix& scores, const std::vector<int>& labels, int k);

}  // namespace dfl
