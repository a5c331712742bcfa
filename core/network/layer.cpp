// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/layer.h"

#include <array>
#include <utility>

namespace dfl {

namespace {

// One table serves both directions, so a new type cannot get a name in one and not the other.
constexpr std::array<std::pair<LayerType, const char*>, 11> kTypeNames{{
    {LayerType::Conv, "conv"},
    {LayerType::FullyConnected, "fc"},
    {LayerType::MaxPool, "maxpool"},
    {LayerType::AvgPool, "avgpool"},
    {LayerType::GlobalAvgPool, "globalavgpool"},
    {LayerType::ReLU, "relu"},
    {LayerType::LRN, "lrn"},
    {LayerType::BatchNorm, "batchnorm"},
    {LayerType::Add, "add"},
    {LayerType::Dropout, "dropout"},
    {LayerType::SoftmaxLoss, "softmaxloss"},
}};

}  // namespace

std::string layerTypeName(LayerType type) {
    for (const auto& [t, name] : kTypeNames)
        if (t == type) return name;
    return "unknown";
}

std::optional<LayerType> layerTypeFromName(const std::string& name) {
    for (const auto& [t, n] : kTypeNames)
        if (name == n) return t;
    return std::nullopt;
}

std::vector<std::string> layerTypeNames() {
    std::vector<std::string> names;
    for (const auto& entry : kTypeNames) names.emplace_back(entry.second);
    return names;
}

std::string Shape::text() const {
    return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

}  // namespace dfl
