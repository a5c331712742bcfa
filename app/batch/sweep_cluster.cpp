// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/sweep_cluster.h"

#include "app/batch/batch_runner.h"
#include "app/batch/sweep_points.h"
#include "app/batch/sweep_report.h"
#include "app/batch/sweep_runner.h"
#include "core/sim/input_error.h"
#include "core/sim/metrics_json.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>
#include <sstream>

namespace dfl {

namespace {

constexpr const char* kPlanFormat = "dataflow-lab sweep plan 1";
constexpr std::int64_t kMaxResultFileBytes = 64 << 20;  // a point's metrics.json or report: far below this

QString q(const std::string& s) { return QString::fromStdString(s); }

std::string absolute(const std::string& path) { return QFileInfo(q(path)).absoluteFilePath().toStdString(); }

// points/0001 ... : four digits at least, so the listing sorts in point order.
std::string pointStem(const SweepPoint& point, size_t count) {
    const std::string number = std::to_string(point.number);
    const size_t width = std::max<size_t>(4, std::to_string(count).size());
    return "points/" + std::string(width - std::min(width, number.size()), '0') + number;
}

std::string jobLine(const SweepOptions& o, const SweepPoint& point, size_t count, const std::string& executable,
                    const std::string& dir) {
    std::vector<std::string> args{executable, "batch", absolute(o.scenarioPath)};
    auto add = [&](const Override& ov) {
        args.push_back(ov.value ? "--set" : "--unset");
        args.push_back(ov.value ? ov.keyPath + "=" + *ov.value : ov.keyPath);
    };
    for (const Override& ov : o.overrides) add(ov);  // the order sweep applies them in
    for (const Override& ov : point.settings) add(ov);
    if (o.cycles) args.insert(args.end(), {"--cycles", std::to_string(*o.cycles)});
    const std::string stem = dir + "/" + pointStem(point, count);
    args.insert(args.end(), {"--out", stem});
    std::string line;
    for (const std::string& a : args) line += (line.empty() ? "" : " ") + shellQuoted(a);
    // The readable report keeps the summary's order (metrics.json's object does not); errors name the failure.
    return line + " > " + shellQuoted(stem + ".txt") + " 2> " + shellQuoted(stem + ".err");
}

std::string sbatchScript(const std::string& dir, size_t count) {
    return "#!/bin/bash\n"
           "# A Slurm job array over " + dir + "/jobs.txt, written by dataflow-lab sweep --plan: task i runs line i.\n"
           "# Submit with: sbatch " + shellQuoted(dir + "/sweep.sbatch") + "  then: dataflow-lab sweep --collect " +
           shellQuoted(dir) + "\n"
           "#SBATCH --job-name=dataflow-lab-sweep\n"
           "#SBATCH --array=1-" + std::to_string(count) + "\n"
           "#SBATCH --ntasks=1\n"
           "#SBATCH --output=" + dir + "/points/slurm-%a.out\n"
           "set -eu\n"
           "line=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" " + shellQuoted(dir + "/jobs.txt") + ")\n"
           "exec bash -c \"$line\"\n";
}

QJsonObject readJsonFile(const std::string& path) {
    QFile f(q(path));
    if (!f.open(QIODevice::ReadOnly)) throw InputError(path, "", "cannot open: " + f.errorString().toStdString());
    if (f.size() > kMaxResultFileBytes) throw InputError(path, "", "larger than " + std::to_string(kMaxResultFileBytes) + " bytes");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw InputError(path, "", "not a JSON object: " + error.errorString().toStdString());
    return doc.object();
}

std::string readText(const std::string& path) {
    QFile f(q(path));
    if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxResultFileBytes) return {};
    return f.readAll().toStdString();
}

// The summary keys in report order, from the readable report batch printed (formatReportText: a "[module ...]"
// heading, a blank line, then one "  key  value ..." line per figure up to the next blank line).
std::vector<std::string> summaryOrder(const std::string& report) {
    std::istringstream in(report);
    std::string line;
    while (std::getline(in, line) && line.find("  [module ") == std::string::npos) {}
    std::getline(in, line);  // the blank line
    std::vector<std::string> keys;
    while (std::getline(in, line) && line.rfind("  ", 0) == 0) {
        std::istringstream words(line);
        std::string key;
        words >> key;
        keys.push_back(key);
    }
    return keys;
}

double numberOrMissing(const QJsonValue& v) {
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();  // null: a figure that does not exist
}

// What `sweep` keeps of a point's report, read back from the files its batch job wrote.
MetricsReport readPointReport(const std::string& metricsPath, const std::string& reportPath) {
    const QJsonObject root = readJsonFile(metricsPath);
    MetricsReport r;
    r.scenario = root.value("scenario").toString().toStdString();
    r.module = root.value("module").toString().toStdString();
    const QJsonObject summary = root.value("summary").toObject(), units = root.value("units").toObject();
    const std::vector<std::string> order = summaryOrder(readText(reportPath));
    if (order.size() != size_t(summary.size()))
        throw InputError(reportPath, "", "lists " + std::to_string(order.size()) + " summary figures, " + metricsPath +
                                             " has " + std::to_string(summary.size()));
    for (const std::string& key : order) {
        if (!summary.contains(q(key))) throw InputError(metricsPath, "summary", "lacks '" + key + "' of " + reportPath);
        r.add(key, numberOrMissing(summary.value(q(key))), units.value(q(key)).toString().toStdString());
    }
    for (const QJsonValue& v : root.value("references").toArray()) {
        const QJsonObject o = v.toObject();
        // The fields metrics.json writes for a check (core/sim/metrics_json.cpp), read back as they were.
        ReferenceCheck c;
        c.reference.key = o.value("key").toString().toStdString();
        c.reference.published = o.value("published").toDouble();
        c.reference.relTol = o.value("rel_tol").toDouble();
        c.reference.source = o.value("source").toString().toStdString();
        c.reference.reason = o.value("reason").toString().toStdString();
        if (o.contains("implied_value")) c.reference.impliedValue = o.value("implied_value").toDouble();
        if (o.contains("within")) {
            const QJsonArray w = o.value("within").toArray();
            c.reference.within = {{w.at(0).toString().toStdString(), w.at(1).toString().toStdString()}};
        }
        if (o.value("simulated").isDouble()) c.simulated = o.value("simulated").toDouble();
        c.relError = o.value("rel_error").toDouble();
        if (o.contains("implied_rel_error")) c.impliedRelError = o.value("implied_rel_error").toDouble();
        if (o.contains("range")) {
            const QJsonArray range = o.value("range").toArray();
            c.range = {{range.at(0).toDouble(), range.at(1).toDouble()}};
        }
        const std::string status = o.value("status").toString().toStdString();
        bool known = false;
        for (ReferenceStatus candidate : {ReferenceStatus::Pass, ReferenceStatus::Fail, ReferenceStatus::NotReproduced,
                                          ReferenceStatus::InconsistentSource})
            if (referenceStatusName(candidate) == status) c.status = candidate, known = true;
        if (!known) throw InputError(metricsPath, "references", "unknown status '" + status + "'");
        c.withinTolerance = c.status == ReferenceStatus::Pass;
        if (c.reference.impliedValue) c.reference.expect = ReferenceExpectation::InconsistentSource;
        else if (!c.reference.reason.empty()) c.reference.expect = ReferenceExpectation::NotReproduced;
        c.note = o.value("note").toString().toStdString();
        r.references.push_back(c);
    }
    return r;
}

std::string lastLine(const std::string& text) {
    const size_t end = text.find_last_not_of("\r\n");
    if (end == std::string::npos) return {};
    const size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace

std::string shellQuoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

int runSweepPlan(const SweepOptions& options, const std::string& executable, std::ostream& out) {
    const std::vector<SweepPoint> points = sweepPoints(options.varied);
    const std::vector<ScenarioInput> inputs = loadSweepPoints(options, points);  // every point checked before any write
    const std::string dir = absolute(options.planDir);
    const QDir qdir(q(dir));
    if (qdir.exists() && !qdir.isEmpty())
        throw InputError(options.planDir, "", "exists and is not empty: a plan goes into a new or empty folder");
    if (!QDir().mkpath(q(dir + "/points"))) throw InputError(options.planDir, "", "cannot create the folder");

    std::string jobs;
    for (const SweepPoint& p : points) jobs += jobLine(options, p, points.size(), executable, dir) + "\n";
    QJsonArray varied;
    for (const VariedKey& v : options.varied) {
        QJsonArray values;
        for (const std::string& value : v.values) values.append(q(value));
        varied.append(QJsonObject{{"key", q(v.keyPath)}, {"values", values}});
    }
    const QJsonObject plan{{"format", kPlanFormat},
                           {"scenario", q(inputs.front().scenario.name)},
                           {"module", q(inputs.front().scenario.module)},
                           {"scenario_file", q(absolute(options.scenarioPath))},
                           {"varied", varied},
                           {"points", qint64(points.size())}};
    writeTextFile(dir + "/plan.json", QJsonDocument(plan).toJson(QJsonDocument::Indented).toStdString());
    writeTextFile(dir + "/sweep.sbatch", sbatchScript(dir, points.size()));
    writeTextFile(dir + "/jobs.txt", jobs);
    out << points.size() << (points.size() == 1 ? " job" : " jobs") << " in " << dir << "/jobs.txt. Run them with\n"
        << "  parallel < " << shellQuoted(dir + "/jobs.txt") << "      (GNU parallel, one machine or --sshlogin)\n"
        << "  sbatch " << shellQuoted(dir + "/sweep.sbatch") << "      (Slurm job array 1-" << points.size() << ")\n"
        << "then: dataflow-lab sweep --collect " << shellQuoted(dir) << "\n";
    return BatchOk;
}

int runSweepCollect(const SweepOptions& options, std::ostream& out) {
    const std::string dir = absolute(options.collectDir);
    const QJsonObject plan = readJsonFile(dir + "/plan.json");
    if (plan.value("format").toString() != kPlanFormat)
        throw InputError(dir + "/plan.json", "format", std::string("expected \"") + kPlanFormat + "\"");
    SweepResult sweep;
    sweep.scenario = plan.value("scenario").toString().toStdString();
    sweep.module = plan.value("module").toString().toStdString();
    for (const QJsonValue& v : plan.value("varied").toArray()) {
        VariedKey key{v.toObject().value("key").toString().toStdString(), {}};
        for (const QJsonValue& value : v.toObject().value("values").toArray()) key.values.push_back(value.toString().toStdString());
        if (key.keyPath.empty() || key.values.empty()) throw InputError(dir + "/plan.json", "varied", "malformed");
        sweep.varied.push_back(key);
    }
    sweep.points = sweepPoints(sweep.varied);
    if (qint64(sweep.points.size()) != plan.value("points").toInteger())
        throw InputError(dir + "/plan.json", "points", "disagrees with the product of the varied lists");

    std::string problems;
    int problemCount = 0;
    for (const SweepPoint& p : sweep.points) {
        const std::string stem = dir + "/" + pointStem(p, sweep.points.size());
        const std::string metrics = stem + "/metrics.json";
        const std::string name = "  point " + std::to_string(p.number) + " (" + describePoint(p) + "): ";
        if (QFileInfo::exists(q(metrics))) {
            try {
                sweep.reports.push_back(readPointReport(metrics, stem + ".txt"));
                continue;
            } catch (const InputError& e) {
                problems += name + "unreadable: " + e.what() + "\n";
            }
        } else if (QFileInfo::exists(q(stem + ".err")) || QFileInfo::exists(q(stem + ".txt"))) {
            const std::string reason = lastLine(readText(stem + ".err"));
            problems += name + "failed: " + (reason.empty() ? "no metrics.json and no error message" : reason) + "\n";
        } else {
            problems += name + "missing: its job has not run (no " + stem + ".txt)\n";
        }
        ++problemCount;
    }
    if (problemCount > 0)
        throw InputError(dir, "", std::to_string(problemCount) + " of " + std::to_string(sweep.points.size()) +
                                      " sweep points missing or failed (re-run their lines of jobs.txt):\n" + problems);

    writeTextFile(dir + "/sweep.csv", tableToCsv(sweepTable(sweep)));
    out << (options.json ? sweepToJson(sweep) : formatSweepText(sweep));
    out.flush();
    return noReferenceFailed(sweep) ? BatchOk : BatchReferenceFailed;
}

}  // namespace dfl
