// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading an ONNX model (the .onnx files every framework exports) as a Network, with Debian's libonnx-dev
// (the generated onnx-ml.pb.h and libonnx_proto) over libprotobuf. Only the graph's structure and the dims of its
// initializers are used: weights never need their values.
//
// Operators and what they become (README "ONNX models"):
//   Conv (groups, pads, strides, auto_pad; dilations other than 1 are refused) → conv
//   Gemm, MatMul (+ an Add of a bias initializer)                              → fc
//   MaxPool, AveragePool → maxpool, avgpool; GlobalAveragePool → globalavgpool
//   Relu, Clip, Sigmoid, Tanh → relu (an elementwise activation: same shape, no parameters, no MACs)
//   BatchNormalization → batchnorm (scale and B are parameters; the running mean and variance are not)
//   Add of two activations → add (residual); Concat along channels → no layer: the consumer reads the
//   concatenated shape (as the built-in inception-v3 does); Flatten, Reshape to [N, -1], Identity → no layer
//   LRN → lrn; Dropout → dropout; Softmax → softmaxloss
// Anything else is an InputError naming the file, the node, its op type and the reason. Shapes come from the
// project's shape inference and are checked against the graph's value_info and outputs where those give them;
// each layer's parameter count is checked against its initializers.

#include "core/network/network.h"

#include <cstdint>
#include <string>

namespace dfl {

// Bounds on what is read at all: a larger file or graph is refused before parsing (protobuf is told the same
// limit, and its nesting depth is capped) so a hostile file costs bounded time and memory. VGG16 with its
// weights is 0.55 GB.
constexpr std::int64_t maxOnnxFileBytes = std::int64_t(1) << 30;
constexpr int maxOnnxNodes = 100000;

Network importOnnx(const std::string& path);
// The bytes of an .onnx file; origin names it in errors, networkName is used when the graph has no name.
Network importOnnxBytes(const std::string& bytes, const std::string& origin, const std::string& networkName);

}  // namespace dfl
