// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The list of every module known to the engine. One list, in module_registry.cpp; a new module adds one line there.
// It sits above every module library (it links them all); modules themselves include only core/contract.

#include "core/contract/module_info.h"

#include <memory>
#include <string>
#include <vector>

namespace dfl {

const std::vector<ModuleInfo>& allModules();
const ModuleInfo* findModule(const std::string& name);

// Builds the scenario's model; throws InputError for configuration the parameter checks cannot see.
std::unique_ptr<ClockedModel> createModel(const Scenario& scenario);

}  // namespace dfl
