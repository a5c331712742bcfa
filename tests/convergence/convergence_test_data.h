// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small networks and synthetic data for the convergence tests: learnable (the class is the brightest of ten image
// regions), tiny (1x8x8), so a test trains hundreds of mini-batches in milliseconds.

#include "core/network/network.h"
#include "core/training/dataset.h"
#include "core/training/seeded_random.h"

#include <algorithm>

namespace dfl::test {

inline Dataset syntheticImages(int samples, std::uint64_t seed) {
    SeededRandom r(seed);
    Dataset d;
    d.height = d.width = 8;
    d.inputs.resize(64, samples);
    for (int s = 0; s < samples; ++s) {
        const int label = int(r.below(10));
        for (int i = 0; i < 64; ++i) d.inputs(i, s) = float(0.5 * r.uniform01());
        for (int i = 0; i < 5; ++i) d.inputs(label * 6 + i, s) += 0.6f;  // region `label` is brighter
        d.labels.push_back(label);
    }
    return d;
}

inline TrainTestSplit syntheticSplit(int train = 256, int test = 128) {
    return {syntheticImages(train, 1), syntheticImages(test, 2)};
}

// conv → relu → pool → conv → relu → fc → relu → fc → loss: 9 layers, 4 with weights.
inline Network smallCnn() {
    auto conv = [](std::string name, int out) {
        Layer l;
        l.name = std::move(name);
        l.type = LayerType::Conv;
        l.outChannels = out;
        l.kernelH = l.kernelW = 3;
        l.pad = {1, 1, 1, 1};
        return l;
    };
    auto plain = [](std::string name, LayerType type) {
        Layer l;
        l.name = std::move(name);
        l.type = type;
        return l;
    };
    auto fc = [](std::string name, int out) {
        Layer l;
        l.name = std::move(name);
        l.type = LayerType::FullyConnected;
        l.outChannels = out;
        return l;
    };
    Layer pool = plain("pool1", LayerType::MaxPool);
    pool.kernelH = pool.kernelW = 2;
    pool.strideH = pool.strideW = 2;
    return Network("small-cnn", {1, 8, 8},
                   {conv("conv1", 4), plain("relu1", LayerType::ReLU), pool, conv("conv2", 4),
                    plain("relu2", LayerType::ReLU), fc("fc3", 16), plain("relu3", LayerType::ReLU), fc("fc4", 10),
                    plain("loss", LayerType::SoftmaxLoss)});
}

}  // namespace dfl::test
