// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/modules/module_registry.h"

#include "core/modules/network_module.h"
#include "core/contract/scenario.h"
#include "core/sim/input_error.h"
// module headers: one include per module
#include "core/tdnn/tdnn_module.h"
#include "core/neurotrainer/neurotrainer_module.h"
#include "core/cgra/cgra_module.h"
#include "core/pipeline/pipeline_module.h"
#include "core/convergence/convergence_module.h"

namespace dfl {

const std::vector<ModuleInfo>& allModules() {
    static const std::vector<ModuleInfo> modules = {
        networkModuleInfo(),
        // one line per module
        tdnnModuleInfo(),
        neurotrainerModuleInfo(),
        cgraModuleInfo(),
        pipelineModuleInfo(),
        convergenceModuleInfo(),
    };
    return modules;
}

const ModuleInfo* findModule(const std::string& name) {
    for (const ModuleInfo& m : allModules())
        if (m.name == name) return &m;
    return nullptr;
}

std::unique_ptr<ClockedModel> createModel(const Scenario& scenario) {
    const ModuleInfo* info = findModule(scenario.module);
    if (!info) throw InputError(scenario.file, "module", "unknown module '" + scenario.module + "'");
    return info->create(scenario);
}

}  // namespace dfl
