// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Opening a network file (ONNX, SCALE-Sim CSV) where a scenario is expected: the GUI's File → Open shows it as a
// `network` scenario, the lesson that lists its layers, shapes, parameters and MACs.

#include "core/scenario/scenario.h"

#include <string>

namespace dfl {

bool isNetworkFile(const std::string& path);  // .onnx or .csv
// {"name": "<file name>", "module": "network", "network": "<file name>"} read as if it sat beside the file.
Scenario networkFileScenario(const std::string& path);

}  // namespace dfl
