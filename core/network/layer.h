// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One layer of a network, as written in a network file plus what shape inference derives from it.
// A network is an ordered list of these; the pipeline module cuts it into contiguous blocks.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

enum class LayerType {
    Conv,            // convolution with groups, stride and (possibly asymmetric) padding
    FullyConnected,  // inner product; flattens its input
    MaxPool,
    AvgPool,
    GlobalAvgPool,   // averages each channel to 1x1 (ResNet's head)
    ReLU,
    LRN,             // local response normalisation (AlexNet, VGG-F)
    BatchNorm,       // per-channel scale and shift (2·C parameters, running statistics are not parameters)
    Add,             // residual add: previous output + the output of `addFrom`
    Dropout,
    SoftmaxLoss,     // softmax with cross-entropy loss: the error calculation at the network's end
};

std::string layerTypeName(LayerType type);                 // "conv", "fc", "maxpool", ...
std::optional<LayerType> layerTypeFromName(const std::string& name);
std::vector<std::string> layerTypeNames();                 // every valid name, for error messages

// Channels x height x width of one sample; batch is never part of a shape.
struct Shape {
    int c = 0, h = 0, w = 0;
    std::int64_t elements() const { return std::int64_t(c) * h * w; }
    std::string text() const;  // "CxHxW", e.g. "96x55x55"
    bool operator==(const Shape&) const = default;
};

struct Padding {
    int top = 0, bottom = 0, left = 0, right = 0;
    bool operator==(const Padding&) const = default;
};

struct Layer {
    std::string name;
    LayerType type = LayerType::ReLU;

    // Convolution / pooling geometry (kernel and stride are square unless kernelW/strideW differ).
    int outChannels = 0;   // conv output channels, fc outputs
    int kernelH = 1, kernelW = 1;
    int strideH = 1, strideW = 1;
    Padding pad;
    int groups = 1;
    bool ceilMode = false;  // output rounding: pooling (Caffe rounds up, torchvision down) and
                            // SCALE-Sim convolutions (ceil((H - R + S) / S), partial last window counted)
    bool bias = true;
    int lrnSize = 5;

    std::string from;     // input = output of this earlier layer; empty means the previous layer
    std::string addFrom;  // Add: the earlier layer whose output is added to the input
    std::optional<Shape> explicitInput;  // SCALE-Sim rows carry their own (already padded) input size

    // Derived by shape inference (Network::infer).
    Shape input, output;
    std::int64_t params = 0;
    std::int64_t forwardMacs = 0;         // per sample
    std::int64_t backwardInputMacs = 0;   // per sample: gradient with respect to the layer input
    std::int64_t backwardWeightMacs = 0;  // per sample: gradient with respect to the weights
    std::int64_t backwardMacs() const { return backwardInputMacs + backwardWeightMacs; }
    std::int64_t activationElements() const { return output.elements(); }
    bool hasWeights() const { return params > 0; }
};

}  // namespace dfl
