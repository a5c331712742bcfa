// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/batch_runner.h"

#include "app/batch/scenario_run.h"
#include "app/batch/trace_file.h"
#include "core/sim/indexed_jobs.h"
#include "app/batch/staged_folder.h"
#include "core/sim/input_error.h"
#include "core/sim/metrics_json.h"

#include <QDir>
#include <QSaveFile>

#include <optional>
#include <ostream>

namespace dfl {

void writeTextFile(const std::string& path, const std::string& text) {
    QSaveFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size()) || !f.commit())
        throw InputError(path, "", "cannot write: " + f.errorString().toStdString());
}

void writeReportFiles(const std::string& directory, const MetricsReport& report) {
    const QDir dir(QString::fromStdString(directory));
    if (!QDir().mkpath(dir.path())) throw InputError(directory, "", "cannot create the output folder");
    auto path = [&](const std::string& name) { return dir.filePath(QString::fromStdString(name)).toStdString(); };
    writeTextFile(path("metrics.json"), metricsToJson(report));
    for (const Table& t : report.tables) writeTextFile(path(t.name + ".csv"), tableToCsv(t));
}

int runReportingErrors(std::ostream& err, const std::function<int()>& work) {
    try {
        return work();
    } catch (const InputError& e) {
        err << "dataflow-lab: " << e.what() << "\n";
        return BatchBadInput;
    } catch (const std::exception& e) {
        err << "dataflow-lab: internal error: " << e.what() << "\n";
        return BatchInternalError;
    }
}

int runBatch(const BatchOptions& options, std::ostream& out, std::ostream& err, const ExportWriter& exportAll) {
    return runReportingErrors(err, [&] {
        setWorkerThreads(options.jobs);
        // Everything that can be checked before the run is: the output folder too, before any work is done.
        std::optional<StagedFolder> outDir;
        if (!options.outDir.empty()) outDir.emplace(options.outDir);
        const ScenarioInput input = loadScenarioInput(options.scenarioPath, options.overrides, options.cycles);
        if (input.session && !options.json)
            out << "Session " << options.scenarioPath << " at cycle " << *input.cycles << " ("
                << input.session->writtenBy << ")\n";
        const Scenario& scenario = input.scenario;
        const ScenarioRun run = runScenario(input);
        const std::shared_ptr<ClockedModel>& model = run.model;
        const MetricsReport& report = run.report;

        if (!options.tracePath.empty()) writeTextFile(options.tracePath, traceJson(*model, scenario));
        if (outDir) {
            writeReportFiles(outDir->path(), report);
            if (exportAll) {
                ExportJob job{scenario, model->cycle(), model->charts(), outDir->path(),
                              options.chartFormats.empty() ? std::vector<std::string>{"png"} : options.chartFormats,
                              options.frames, model};  // the views show this run: nothing is built or trained twice
                exportAll(job);
            } else if (!options.chartFormats.empty() || options.frames) {
                throw InputError("command line", options.frames ? "--frames" : "--charts",
                                 "this build has no chart renderer (built without the GUI)");
            } else if (!model->charts().empty()) {
                err << "dataflow-lab: charts not written (built without the GUI)\n";
            }
            outDir->commit();
        }
        out << (options.json ? metricsToJson(report) : formatReportText(report));
        out.flush();
        return run.noReferenceFailed ? BatchOk : BatchReferenceFailed;
    });
}

int runCommandLine(std::ostream& out, std::ostream& err, const std::string& usage,
                   const std::function<bool()>& parseAskingForHelp, const std::function<int()>& run) {
    try {
        if (parseAskingForHelp()) {
            out << usage;
            return BatchOk;
        }
    } catch (const InputError& e) {
        err << "dataflow-lab: " << e.what() << "\n" << usage;
        return BatchBadInput;
    }
    return run();
}

int runBatchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                    const ExportWriter& exportAll) {
    BatchOptions options;
    return runCommandLine(
        out, err, batchUsage(), [&] { options = parseBatchOptions(args); return options.help; },
        [&] {
            if (!options.version) return runBatch(options, out, err, exportAll);
            out << "dataflow-lab " << DFL_VERSION << "\n"
                << "Licence GPL-3.0-or-later: GNU GPL version 3 or later <https://www.gnu.org/licenses/gpl.html>.\n"
                << "This is free software: you are free to change and redistribute it.\n"
                << "There is NO WARRANTY, to the extent permitted by law.\n";
            return int(BatchOk);
        });
}

}  // namespace dfl
