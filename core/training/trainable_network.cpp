// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/trainable_network.h"

#include "core/sim/input_error.h"
#include "core/training/conv_layer.h"
#include "core/training/dense_layer.h"
#include "core/training/max_pool_layer.h"
#include "core/training/relu_layer.h"

#include <memory>

namespace dfl {

TrainableNetwork makeTrainableNetwork(const Network& network, int classes, SeededRandom& random,
                                      const std::string& file) {
    TrainableNetwork result;
    auto place = [&network](int i) { return "network.layers[" + std::to_string(i) + "] (" + network.layer(i).name + ")"; };
    const int n = network.size();
    for (int i = 0; i < n; ++i) {
        const Layer& l = network.layer(i);
        if (!l.from.empty() || !l.addFrom.empty())
            throw InputError(file, place(i), "training here follows a plain chain of layers: no 'from' or 'add'");
        LayerPtr layer;
        switch (l.type) {
        case LayerType::Conv: {
            if (l.groups != 1) throw InputError(file, place(i), "grouped convolution cannot be trained here");
            ConvGeometry g;
            g.inChannels = l.input.c;
            g.inHeight = l.input.h;
            g.inWidth = l.input.w;
            g.outChannels = l.outChannels;
            g.kernelH = l.kernelH;
            g.kernelW = l.kernelW;
            g.strideH = l.strideH;
            g.strideW = l.strideW;
            g.padTop = l.pad.top;
            g.padLeft = l.pad.left;
            g.outHeight = l.output.h;
            g.outWidth = l.output.w;
            layer = std::make_unique<ConvLayer>(l.name, g, random, l.bias);
            break;
        }
        case LayerType::FullyConnected:
            layer = std::make_unique<DenseLayer>(l.name, int(l.input.elements()), l.outChannels, random, l.bias);
            break;
        case LayerType::MaxPool: {
            PoolGeometry g;
            g.channels = l.input.c;
            g.inHeight = l.input.h;
            g.inWidth = l.input.w;
            g.kernelH = l.kernelH;
            g.kernelW = l.kernelW;
            g.strideH = l.strideH;
            g.strideW = l.strideW;
            g.padTop = l.pad.top;
            g.padLeft = l.pad.left;
            g.outHeight = l.output.h;
            g.outWidth = l.output.w;
            layer = std::make_unique<MaxPoolLayer>(l.name, g);
            break;
        }
        case LayerType::ReLU: layer = std::make_unique<ReluLayer>(l.name); break;
        case LayerType::SoftmaxLoss:
            if (i != n - 1) throw InputError(file, place(i), "softmaxloss must be the last layer");
            if (l.input.elements() != classes)
                throw InputError(file, place(i), "the loss sees " + std::to_string(l.input.elements()) +
                                                     " scores but the data set has " + std::to_string(classes) + " classes");
            continue;  // the loss function, applied by the trainer
        default:
            throw InputError(file, place(i), "layer type '" + layerTypeName(l.type) +
                                                 "' cannot be trained here (conv, fc, maxpool, relu, softmaxloss can)");
        }
        result.net.add(std::move(layer));
        result.networkLayerOf.push_back(i);
    }
    if (n == 0 || network.layer(n - 1).type != LayerType::SoftmaxLoss) {
        const Shape& out = n ? network.layer(n - 1).output : network.input();
        if (out.elements() != classes)
            throw InputError(file, "network.layers", "the network ends in " + std::to_string(out.elements()) +
                                                         " scores but the data set has " + std::to_string(classes) +
                                                         " classes");
    }
    if (result.net.layers().empty()) throw InputError(file, "network.layers", "no trainable layer");
    return result;
}

}  // namespace dfl
