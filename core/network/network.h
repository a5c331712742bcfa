// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An ordered list of layers with shape inference and MAC / parameter / activation accounting.

#include "core/network/layer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfl {

class Network {
public:
    Network() = default;
    // Infers every layer's shapes and counts; throws InputError (origin names the file) on impossible shapes.
    // Errors are placed as "<placePrefix>[i] (name)", so a JSON file can say "network.layers[3] (conv2)".
    Network(std::string name, Shape input, std::vector<Layer> layers, const std::string& origin = {},
            const std::string& placePrefix = "layers");

    const std::string& name() const { return name_; }
    const Shape& input() const { return input_; }
    const std::vector<Layer>& layers() const { return layers_; }
    int size() const { return int(layers_.size()); }
    const Layer& layer(int i) const { return layers_.at(size_t(i)); }
    int indexOf(const std::string& layerName) const;  // -1 when absent

    std::int64_t totalParams() const;
    std::int64_t totalForwardMacs() const;
    std::int64_t totalBackwardMacs() const;

private:
    void infer(const std::string& origin, const std::string& placePrefix);

    std::string name_;
    Shape input_;
    std::vector<Layer> layers_;
};

}  // namespace dfl
