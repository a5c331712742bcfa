// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/trace_file.h"

#include "core/modules/module_registry.h"
#include "core/sim/input_error.h"

namespace dfl {

std::string traceJson(const ClockedModel& model, const Scenario& scenario) {
    const Trace trace = model.trace();
    if (trace.empty())
        throw InputError("command line", "--trace",
                         "nothing to trace: module '" + scenario.module + "' has no timeline, or no cycle has run");
    return traceToJson(trace, scenario.name, scenario.module);
}

std::string traceJsonAt(const Scenario& scenario, const std::string& modelState) {
    const std::unique_ptr<ClockedModel> model = createModel(scenario);
    model->loadState(modelState);
    return traceJson(*model, scenario);
}

}  // namespace dfl
