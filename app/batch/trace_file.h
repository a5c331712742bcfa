// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writing a model's timeline (core/sim/trace.h) to a Trace Event Format file: `batch --trace FILE.json` and the
// window's File → Export Trace share this.

#include "core/scenario/scenario.h"
#include "core/sim/clocked_model.h"

#include <string>

namespace dfl {

// The model's trace as JSON; InputError("command line", "--trace", ...) when it has none (a module without a
// timeline, or nothing has run yet).
std::string traceJson(const ClockedModel& model, const Scenario& scenario);
// The scenario's model set to `modelState` (a saveState() of the same scenario's model), then traceJson.
std::string traceJsonAt(const Scenario& scenario, const std::string& modelState);

}  // namespace dfl
