// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/sweep_runner.h"

#include "app/batch/batch_runner.h"
#include "app/batch/scenario_run.h"
#include "app/batch/staged_folder.h"
#include "app/batch/sweep_cluster.h"
#include "app/batch/sweep_jobs.h"
#include "app/batch/sweep_report.h"
#include "core/sim/input_error.h"
#include "core/sim/metrics_json.h"

#include <QCoreApplication>
#include <QDir>

#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>

#include <unistd.h>

namespace dfl {

namespace {

// Rethrows the exception being handled with the point named, so a bad value says which point it came from.
[[noreturn]] void rethrowNamingPoint(const SweepPoint& point, size_t pointCount) {
    const std::string where =
        " (sweep point " + std::to_string(point.number) + " of " + std::to_string(pointCount) + ": " + describePoint(point) + ")";
    try {
        throw;
    } catch (const InputError& e) {
        throw e.withNote(where);
    } catch (const std::exception& e) {
        throw std::runtime_error(e.what() + where);
    }
}

}  // namespace

std::vector<ScenarioInput> loadSweepPoints(const SweepOptions& options, const std::vector<SweepPoint>& points) {
    loadScenarioInput(options.scenarioPath, options.overrides, options.cycles);  // a missing file is no point's fault
    std::vector<ScenarioInput> inputs;
    for (const SweepPoint& point : points) {
        std::vector<Override> overrides = options.overrides;
        overrides.insert(overrides.end(), point.settings.begin(), point.settings.end());
        try {
            inputs.push_back(loadScenarioInput(options.scenarioPath, overrides, options.cycles));
        } catch (...) {
            rethrowNamingPoint(point, points.size());
        }
    }
    return inputs;
}

namespace {

void writeSweepFolder(const std::string& directory, const SweepResult& sweep) {
    const QDir dir(QString::fromStdString(directory));
    auto path = [&](const std::string& name) { return dir.filePath(QString::fromStdString(name)).toStdString(); };
    for (size_t p = 0; p < sweep.points.size(); ++p)  // each creates its folder, and `directory` with the first
        writeReportFiles(path(pointFolderName(sweep.points[p], sweep.points.size())), sweep.reports[p]);
    writeTextFile(path("sweep.csv"), tableToCsv(sweepTable(sweep)));
}

}  // namespace

int runSweep(const SweepOptions& options, std::ostream& out, std::ostream& err, bool progress) {
    return runReportingErrors(err, [&] {
        // The output folder is checked before any point runs, written beside its target and moved into place at the
        // end: a sweep that fails half-way leaves no folder that looks complete (as batch --out does).
        std::optional<StagedFolder> outDir;
        if (!options.outDir.empty()) outDir.emplace(options.outDir, "sweep.csv");
        SweepResult sweep;
        sweep.varied = options.varied;
        sweep.points = sweepPoints(options.varied);
        // Every point is read and checked before any runs: a training scenario may take a minute a point.
        const std::vector<ScenarioInput> inputs = loadSweepPoints(options, sweep.points);
        sweep.scenario = inputs.front().scenario.name;
        sweep.module = inputs.front().scenario.module;

        sweep.reports.resize(inputs.size());
        std::mutex progressMutex;
        size_t finished = 0;
        runIndexedJobs(inputs.size(), options.jobs, [&](size_t i) {
            try {
                sweep.reports[i] = runScenario(inputs[i]).report;  // the model goes: only its numbers are kept
            } catch (...) {
                rethrowNamingPoint(sweep.points[i], sweep.points.size());
            }
            if (!progress) return;
            const std::lock_guard lock(progressMutex);
            err << "dataflow-lab: sweep point " << sweep.points[i].number << " done (" << ++finished << " of "
                << sweep.points.size() << "): " << describePoint(sweep.points[i]) << std::endl;
        });

        if (outDir) {
            writeSweepFolder(outDir->path(), sweep);
            outDir->commit();
        }
        out << (options.json ? sweepToJson(sweep) : formatSweepText(sweep));
        out.flush();
        return noReferenceFailed(sweep) ? BatchOk : BatchReferenceFailed;
    });
}

int runSweepCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    SweepOptions options;
    return runCommandLine(
        out, err, sweepUsage(), [&] { options = parseSweepOptions(args); return options.help; },
        [&] {
            if (!options.planDir.empty())
                return runReportingErrors(err, [&] {
                    return runSweepPlan(options, QCoreApplication::applicationFilePath().toStdString(), out);
                });
            if (!options.collectDir.empty()) return runReportingErrors(err, [&] { return runSweepCollect(options, out); });
            return runSweep(options, out, err, isatty(STDERR_FILENO) == 1);
        });
}

}  // namespace dfl
