// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One network description, two uses: the pipeline module costs it (MACs → stage times) and this builds the same
// layers as trainable Eigen layers, so the network that is timed is the network that is trained.

#include "core/network/network.h"
#include "core/training/seeded_random.h"
#include "core/training/sequential_net.h"

#include <string>
#include <vector>

namespace dfl {

struct TrainableNetwork {
    SequentialNet net;
    std::vector<int> networkLayerOf;  // per training layer: its index in the Network (for the partition)
};

// Layers that train here: conv (one group), fc, maxpool, relu, and a final softmaxloss (the loss function, not a
// layer). Anything else, a skip connection, or a class count that does not match, is an InputError naming
// "network.layers[i] (name)" in `file`.
TrainableNetwork makeTrainableNetwork(const Network& network, int classes, SeededRandom& random,
                                      const std::string& file);

}  // namespace dfl
