#pragma once
// Every module known to the engine: its name, its parameter declarations and how to build its model from a
// validated scenario. One list, in module_registry.cpp; a new module adds one line there.

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
    std::function<std::unique_ptr<ClockedModel>(const Scenario&)> create;
};

const std::vector<ModuleInfo>& allModules();
const ModuleInfo* findModule(const std::string& name);

// Builds the scenario's model; throws InputError for configuration the parameter checks cannot see.
std::unique_ptr<ClockedModel> createModel(const Scenario& scenario);

}  // namespace dfl
