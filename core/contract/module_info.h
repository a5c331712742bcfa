// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a module gives the engine (docs/architecture.md "Layers"): its name, its parameter declarations and how to
// build its model from a validated scenario. A module folder includes this header, never the registry that lists
// the modules (core/modules) nor the scenario loader (core/scenario): those sit above every module.

#include "core/sim/clocked_model.h"
#include "core/sim/param_spec.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dfl {

struct Scenario;

struct ModuleInfo {
    std::string name;         // the scenario's "module"
    std::string description;
    bool needsNetwork = false;
    std::vector<ParamSpec> params;
    // Builds the model; throws InputError for configuration the parameter checks cannot see.
    std::function<std::unique_ptr<ClockedModel>(const Scenario&)> create;
};

}  // namespace dfl
