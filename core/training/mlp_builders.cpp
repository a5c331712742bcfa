// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/mlp_builders.h"

#include "core/training/binary_layers.h"
#include "core/training/dense_layer.h"
#include "core/training/relu_layer.h"

#include <stdexcept>

namespace dfl {

namespace {
void checkSizes(const std::vector<int>& sizes) {
    if (sizes.size() < 2) throw std::invalid_argument("an MLP needs at least inputs and outputs");
    for (int s : sizes)
        if (s <= 0) throw std::invalid_argument("MLP layer sizes must be positive");
}
}  // namespace

SequentialNet makeFloatMlp(const std::vector<int>& sizes, SeededRandom& random) {
    checkSizes(sizes);
    SequentialNet net;
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        net.add(std::make_unique<DenseLayer>("fc" + n, sizes[i], sizes[i + 1], random));
        if (i + 2 < sizes.size()) net.add(std::make_unique<ReluLayer>("relu" + n));
    }
    return net;
}

SequentialNet makeBinarizedMlp(const std::vector<int>& sizes, SeededRandom& random) {
    checkSizes(sizes);
    SequentialNet net;
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        net.add(std::make_unique<BinaryDenseLayer>("bfc" + n, sizes[i], sizes[i + 1], random));
        net.add(std::make_unique<BatchNormLayer>("bn" + n, sizes[i + 1]));
        if (i + 2 < sizes.size()) net.add(std::make_unique<SignLayer>("sign" + n));
    }
    return net;
}

}  // namespace dfl
