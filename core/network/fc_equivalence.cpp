// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/fc_equivalence.h"

namespace dfl {

bool isFullyConnectedConvolution(const Layer& l) {
    return l.type == LayerType::Conv && l.groups == 1 && l.pad == Padding{} && l.kernelH == l.input.h &&
           l.kernelW == l.input.w && l.output.h == 1 && l.output.w == 1;
}

FcLowering lowerFullyConnectedConvolutions(const Network& network) {
    std::vector<Layer> layers = network.layers();
    std::vector<std::string> lowered;
    for (Layer& l : layers) {
        if (!isFullyConnectedConvolution(l)) continue;
        lowered.push_back(l.name);
        Layer fc;  // keeps what places the layer in the network and what it computes; drops the window
        fc.name = l.name;
        fc.type = LayerType::FullyConnected;
        fc.outChannels = l.outChannels;
        fc.bias = l.bias;
        fc.from = l.from;
        fc.explicitInput = l.explicitInput;
        l = fc;
    }
    if (lowered.empty()) return {network, {}};
    return {Network(network.name(), network.input(), std::move(layers), network.name()), std::move(lowered)};
}

std::string fcLoweringNote(const std::vector<std::string>& lowered) {
    if (lowered.empty()) return {};
    std::string names;
    for (const std::string& n : lowered) names += (names.empty() ? "" : ", ") + n;
    return names + (lowered.size() == 1 ? " is a convolution" : " are convolutions") +
           " over the whole input (kernel = input, no padding, 1×1 output), run as fully connected " +
           (lowered.size() == 1 ? "layer" : "layers") + " with the FC dataflow.";
}

}  // namespace dfl
