#include "app/batch/scenario_run.h"

#include "core/modules/module_registry.h"

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
    run.noReferenceFailed = run.report.checkReferences(input.scenario.references);
    return run;
}

}  // namespace dfl
