// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Loading a scenario or a saved session and running it headless to its end: the one run loop behind
// `dataflow-lab batch`, `compare` and `sweep`.

#include "app/session.h"
#include "core/scenario/scenario.h"
#include "core/sim/clocked_model.h"
#include "core/sim/metrics_report.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

struct ScenarioInput {
    Scenario scenario;
    std::optional<std::int64_t> cycles;  // where to stop; none: run to the end
    std::optional<Session> session;      // set when the path was a session file
};

// `path` is a scenario file or a session file (its scenario with its edits; it stops at the session's cycle unless
// `cycles` says otherwise). Overrides apply as with --set. Throws InputError naming the file, place and reason.
ScenarioInput loadScenarioInput(const std::string& path, const std::vector<Override>& overrides,
                                std::optional<std::int64_t> cycles);

struct ScenarioRun {
    std::shared_ptr<ClockedModel> model;  // at the cycle it stopped at
    MetricsReport report;                 // named after the scenario, its references checked
    bool noReferenceFailed = true;  // not-reproduced and inconsistent-source are results, not failures
};

ScenarioRun runScenario(const ScenarioInput& input);

}  // namespace dfl
