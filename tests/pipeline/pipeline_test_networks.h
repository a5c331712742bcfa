// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small hand-built networks for the pipeline tests: one whose costs are computed by hand in the tests, and random
// ones for the optimiser-against-brute-force check.

#include "core/network/network.h"

#include <random>
#include <string>
#include <vector>

namespace dfl::test {

inline Layer layer(std::string name, LayerType type, int out = 0, int kernel = 1, int pad = 0, int stride = 1) {
    Layer l;
    l.name = std::move(name);
    l.type = type;
    l.outChannels = out;
    l.kernelH = l.kernelW = kernel;
    l.strideH = l.strideW = stride;
    l.pad = {pad, pad, pad, pad};
    return l;
}

// input 1x4x4 → conv a (2 filters 3x3, pad 1: 2x4x4, 20 parameters, 288 MACs) → relu r → fc f (3 outputs: 99
// parameters, 96 MACs) → loss l.
inline Network handNetwork() {
    return Network("hand", {1, 4, 4},
                   {layer("a", LayerType::Conv, 2, 3, 1), layer("r", LayerType::ReLU), layer("f", LayerType::FullyConnected, 3),
                    layer("l", LayerType::SoftmaxLoss)});
}

// A random chain of conv / relu / pool / fc layers with varied sizes.
inline Network randomNetwork(std::mt19937& rng, int layers) {
    std::uniform_int_distribution<int> kind(0, 3), channels(1, 12), kernel(1, 3);
    std::vector<Layer> list;
    for (int i = 0; i < layers; ++i) {
        std::string name = "L";  // appended: GCC 12 warns falsely (-Wrestrict) on "L" + std::to_string(i)
        name += std::to_string(i);
        const int k = i == layers - 1 ? 3 : kind(rng);
        const int half = kernel(rng) - 1;  // "same" convolutions: any chain of them keeps a valid shape
        if (k == 0) list.push_back(layer(name, LayerType::Conv, channels(rng), 2 * half + 1, half));
        else if (k == 1) list.push_back(layer(name, LayerType::ReLU));
        else if (k == 2) list.push_back(layer(name, LayerType::BatchNorm));
        else list.push_back(layer(name, LayerType::FullyConnected, channels(rng) * 7));
    }
    return Network("random", {3, 8, 8}, list);
}

}  // namespace dfl::test
