// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading networks: the JSON format (inline in scenarios, and the built-ins), SCALE-Sim topology CSV.
// Every malformed input becomes an InputError naming the file, the place and the reason.
//
// JSON format:
//   {"name": "alexnet", "input": [3, 227, 227], "description": "...", "source": "...",
//    "layers": [ {"name": "conv1", "type": "conv", "out": 96, "kernel": 11, "stride": 4}, ... ]}
// "name" is optional (default: the origin's file base name). Layer keys:
//   all:      "type" (required), "name", "from" (take input from this earlier layer),
//             "input" [C,H,W] (explicit input shape; the chain is ignored)
//   conv:     "out" (required), "kernel" (required), "stride" (1), "pad" (0), "groups" (1), "bias" (true),
//             "ceil" (false)
//   fc:       "out" (required), "bias" (true)
//   maxpool, avgpool: "kernel" (required), "stride" (required: Caffe and torchvision default differently),
//             "pad" (0), "ceil" (false)
//   lrn:      "size" (5)
//   add:      "add" (required: the earlier layer whose output is added to this layer's input)
//   globalavgpool, relu, batchnorm, dropout, softmaxloss: no further keys
// kernel/stride: n or [h, w]. pad: n, [vertical, horizontal] or [top, bottom, left, right].
// Unnamed layers are called type + ordinal among layers of that type ("relu1", "relu2", ...); if that
// collides with another name, "_2", "_3", ... is appended until unique. Duplicate explicit names are errors.

#include "core/network/network.h"

#include <QJsonObject>

#include <string>
#include <vector>

namespace dfl {

// keyPrefix is the key path of obj in its file, so errors read "network.layers[3].kernel".
Network parseNetworkJson(const QJsonObject& obj, const std::string& origin, const std::string& keyPrefix = "network");

// Built-in networks are JSON files under resources/networks/, compiled in as ":/networks/NAME.json".
std::vector<std::string> builtinNetworkNames();           // sorted
Network loadBuiltinNetwork(const std::string& name);      // InputError listing the valid names when unknown

// SCALE-Sim topology: a header line, then rows
//   name, ifmapH, ifmapW, filterH, filterW, channels, numFilter, stride[, strideW],
// Each row becomes a conv layer with an explicit (already padded) input, no padding, no bias, and
// output ceil((H - R + S) / S). Places are "line N, column M" (M counts comma-separated fields from 1).
Network importScaleSimCsv(const std::string& path);
Network importScaleSimCsvText(const std::string& text, const std::string& origin, const std::string& networkName);

// ".csv" → SCALE-Sim, ".json" → the JSON format (the whole file is one network object), ".onnx" → ONNX
// (core/network/onnx/onnx_import.h).
Network loadNetworkFile(const std::string& path);

}  // namespace dfl
