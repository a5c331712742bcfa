#include "app/batch/batch_runner.h"

#include "app/session.h"
#include "core/modules/module_registry.h"
#include "core/sim/input_error.h"
#include "core/sim/metrics_json.h"

#include <QDir>
#include <QSaveFile>

#include <limits>
#include <ostream>

namespace dfl {

namespace {

void writeFile(const QString& path, const std::string& text) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size()) || !f.commit())
        throw InputError(path.toStdString(), "", "cannot write: " + f.errorString().toStdString());
}

}  // namespace

int runBatch(const BatchOptions& options, std::ostream& out, std::ostream& err, const ExportWriter& exportAll) {
    try {
        std::optional<std::int64_t> cycles = options.cycles;
        Scenario scenario;
        if (looksLikeSessionFile(options.scenarioPath)) {
            const Session session = readSessionFile(options.scenarioPath);
            scenario = sessionScenario(session, options.overrides);
            if (!cycles) cycles = session.cycle;  // the moment the session was saved at
            if (!options.json)
                out << "Session " << options.scenarioPath << " at cycle " << *cycles << " (" << session.writtenBy << ")\n";
        } else {
            scenario = loadScenarioFile(options.scenarioPath, options.overrides);
        }
        std::shared_ptr<ClockedModel> model = createModel(scenario);
        model->reset();
        if (cycles) model->runUntil(*cycles);
        else
            while (!model->done()) model->runUntil(std::numeric_limits<std::int64_t>::max());
        MetricsReport report = model->metrics();
        report.scenario = scenario.name;
        const bool passed = report.checkReferences(scenario.references);

        if (!options.outDir.empty()) {
            const QString dir = QString::fromStdString(options.outDir);
            if (!QDir().mkpath(dir)) throw InputError(options.outDir, "", "cannot create the output folder");
            writeFile(QDir(dir).filePath("metrics.json"), metricsToJson(report));
            for (const Table& t : report.tables)
                writeFile(QDir(dir).filePath(QString::fromStdString(t.name) + ".csv"), tableToCsv(t));
            if (exportAll) {
                ExportJob job{scenario, model->cycle(), model->charts(), options.outDir,
                              options.chartFormats.empty() ? std::vector<std::string>{"png"} : options.chartFormats,
                              options.frames, model};  // the views show this run: nothing is built or trained twice
                exportAll(job);
            } else if (!options.chartFormats.empty() || options.frames) {
                throw InputError("command line", options.frames ? "--frames" : "--charts",
                                 "this build has no chart renderer (built without the GUI)");
            } else if (!model->charts().empty()) {
                err << "dataflow-lab: charts not written (built without the GUI)\n";
            }
        }
        out << (options.json ? metricsToJson(report) : formatReportText(report));
        out.flush();
        return passed ? BatchOk : BatchReferenceFailed;
    } catch (const InputError& e) {
        err << "dataflow-lab: " << e.what() << "\n";
        return BatchBadInput;
    } catch (const std::exception& e) {
        err << "dataflow-lab: internal error: " << e.what() << "\n";
        return BatchInternalError;
    }
}

int runBatchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                    const ExportWriter& exportAll) {
    BatchOptions options;
    try {
        options = parseBatchOptions(args);
    } catch (const InputError& e) {
        err << "dataflow-lab: " << e.what() << "\n" << batchUsage();
        return BatchBadInput;
    }
    if (options.help) {
        out << batchUsage();
        return BatchOk;
    }
    if (options.version) {
        out << "dataflow-lab " << DFL_VERSION << "\n";
        return BatchOk;
    }
    return runBatch(options, out, err, exportAll);
}

}  // namespace dfl
