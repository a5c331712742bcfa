// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/compare_runner.h"

#include "app/batch/batch_runner.h"
#include "app/batch/scenario_run.h"
#include "core/scenario/comparison_format.h"
#include "core/scenario/comparison_metrics.h"
#include "core/sim/input_error.h"

#include <ostream>

namespace dfl {

int runCompare(const CompareOptions& options, std::ostream& out, std::ostream& err) {
    return runReportingErrors(err, [&] {
        // Both files are read and checked before either runs: a training scenario may take a minute.
        auto load = [&](const char* side, const std::string& path, const std::vector<Override>& overrides) {
            try {
                return loadScenarioInput(path, overrides, options.cycles);
            } catch (const InputError& e) {  // A and B may be one file: say which side's overrides broke it
                throw e.withNote(std::string(" (side ") + side + ")");
            }
        };
        const ScenarioInput a = load("A", options.pathA, options.overridesA);
        const ScenarioInput b = load("B", options.pathB, options.overridesB);
        requireSameModule(a.scenario, b.scenario);
        const ScenarioRun runA = runScenario(a), runB = runScenario(b);
        const ComparedRun sideA{a.scenario, runA.report, runA.model->cycle()};
        const ComparedRun sideB{b.scenario, runB.report, runB.model->cycle()};
        out << (options.json ? comparisonToJson(sideA, sideB) : formatComparisonText(sideA, sideB));
        out.flush();
        return BatchOk;
    });
}

int runCompareCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CompareOptions options;
    return runCommandLine(
        out, err, compareUsage(), [&] { options = parseCompareOptions(args); return options.help; },
        [&] { return runCompare(options, out, err); });
}

}  // namespace dfl
