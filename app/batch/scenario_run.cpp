// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/scenario_run.h"

#include "core/modules/module_registry.h"
#include "core/sim/input_error.h"

#include <limits>

namespace dfl {

ScenarioInput loadScenarioInput(const std::string& path, const std::vector<Override>& overrides,
                                std::optional<std::int64_t> cycles) {
    ScenarioInput input;
    input.cycles = cycles;
    if (looksLikeSessionFile(path)) {
        input.session = readSessionFile(path);
        input.scenario = sessionScenario(*input.session, overrides);
        if (!input.cycles) input.cycles = input.session->cycle;  // the moment the session was saved at
    } else {
        input.scenario = loadScenarioFile(path, overrides);
    }
    return input;
}

ScenarioRun runScenario(const ScenarioInput& input) {
    ScenarioRun run;
    run.model = createModel(input.scenario);
    run.model->reset();
    if (input.cycles) run.model->runUntil(*input.cycles);
    else
        while (!run.model->done()) run.model->runUntil(std::numeric_limits<std::int64_t>::max());
    run.report = run.model->metrics();
    run.report.scenario = input.scenario.name;
    // A reference to a figure this run does not produce is a mistake in the scenario (exit 2), not a failed check
    // (exit 1). A figure the run produces without a value (a target never reached) is a failed check.
    for (const Reference& ref : input.scenario.references) {
        std::vector<std::string> keys{ref.key};
        if (ref.within) keys.insert(keys.end(), {ref.within->first, ref.within->second});
        for (const std::string& key : keys)
            if (!run.report.find(key)) {
                std::string known;
                for (const Figure& f : run.report.summary) known += (known.empty() ? "" : ", ") + f.key;
                throw InputError(input.scenario.file, "reference." + ref.key,
                                 "the " + input.scenario.module + " module produces no figure '" + key + "' (it has: " +
                                     known + ")");
            }
    }
    run.noReferenceFailed = run.report.checkReferences(input.scenario.references);
    return run;
}

}  // namespace dfl
