// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sizes a network may have (README "File formats" documents each). They are checked before any arithmetic
// or allocation that depends on them, so a hostile file is a bad-input error naming the layer, never a wrapped
// count or an exhausted memory. Every figure is far beyond the largest real network the project models
// (ResNet-152: 500 layers, 1.2·10^7 activations in one tensor).

#include <cstdint>

namespace dfl {

inline constexpr int kMaxNetworkLayers = 100'000;
inline constexpr std::int64_t kMaxDimension = 1'000'000'000;        // channels, height, width, kernel, stride, pad
inline constexpr std::int64_t kMaxTensorElements = std::int64_t(1) << 40;  // one layer's input or output (≈1.1·10^12)
inline constexpr std::int64_t kMaxNetworkFileBytes = 64ll << 20;   // a network JSON or SCALE-Sim CSV file (64 MiB)

}  // namespace dfl
