// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline export against the Trace Event Format's rules (what Perfetto UI and chrome://tracing need): the JSON
// parses, every slice is a complete event with name, ts, dur, pid and tid on a named track, slices on one track never
// overlap, and each track adds up to the model's own busy time.
#include "core/cgra/cgra_model.h"
#include "core/modules/module_registry.h"
#include "core/neurotrainer/nt_model.h"
#include "core/pipeline/pipeline_model.h"
#include "core/scenario/scenario.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace dfl;

namespace {

std::unique_ptr<ClockedModel> runToEnd(const std::string& file) {
    const Scenario s = loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/" + file);
    auto model = createModel(s);
    model->reset();
    model->runUntil(model->expectedCycles());
    return model;
}

using TrackKey = std::pair<int, int>;

// Checks the format's rules; returns the summed slice durations per (pid, tid).
std::map<TrackKey, double> validate(const std::string& json) {
    std::map<TrackKey, double> sums;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError) {
        QTest::qFail(qPrintable("does not parse: " + error.errorString()), __FILE__, __LINE__);
        return sums;
    }
    const QJsonArray events = doc.object().value("traceEvents").toArray();
    std::set<TrackKey> named;
    std::map<TrackKey, std::vector<std::pair<double, double>>> slices;
    for (const QJsonValue& v : events) {
        const QJsonObject e = v.toObject();
        const QString ph = e.value("ph").toString();
        const TrackKey track{e.value("pid").toInt(-1), e.value("tid").toInt(-1)};
        if (ph == "M") {
            if (e.value("name").toString() == "thread_name") named.insert(track);
            continue;
        }
        if (ph != "X") QTest::qFail(qPrintable("unexpected phase " + ph), __FILE__, __LINE__);
        for (const char* key : {"ts", "dur", "pid", "tid"})
            if (!e.value(key).isDouble()) QTest::qFail(qPrintable(QString("a slice lacks ") + key), __FILE__, __LINE__);
        if (!e.value("name").isString() || e.value("dur").toDouble() < 0 || e.value("ts").toDouble() < 0)
            QTest::qFail("a slice without a name, or with a negative time", __FILE__, __LINE__);
        slices[track].push_back({e.value("ts").toDouble(), e.value("dur").toDouble()});
        sums[track] += e.value("dur").toDouble();
    }
    for (auto& [track, list] : slices) {
        if (!named.count(track)) QTest::qFail("a track without a thread_name", __FILE__, __LINE__);
        std::sort(list.begin(), list.end());
        for (size_t i = 1; i < list.size(); ++i) {
            const double end = list[i - 1].first + list[i - 1].second;
            if (end > list[i].first + 1e-9 * std::max(1.0, end))
                QTest::qFail(qPrintable(QString("slices overlap on track %1/%2 at %3 µs").arg(track.first).arg(track.second).arg(list[i].first)),
                             __FILE__, __LINE__);
        }
    }
    return sums;
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)); }

}  // namespace

class TestTrace : public QObject {
    Q_OBJECT
private slots:
    void pipelineStagesAddUpToTheirBusyTime() {
        const auto model = runToEnd("pipeline-mnist-cnn-3stage.json");
        const auto& p = dynamic_cast<const PipelineModel&>(*model);
        const auto sums = validate(traceToJson(p.trace(), "s", "pipeline"));
        QCOMPARE(int(sums.size()), int(p.state().stages.size()));
        double total = 0;
        for (int s = 1; s <= int(p.state().stages.size()); ++s) {
            const StageCost& c = p.layout().analysis->stages[size_t(s - 1)];
            const PipelineStageState& st = p.state().stages[size_t(s - 1)];
            const double busyUs = 1000 * (double(st.forwards) * c.forwardMs + double(st.backwards) * (c.backwardMs + c.updateMs));
            QVERIFY2(near(sums.at({1, s}), busyUs), qPrintable(QString("stage %1: %2 vs %3").arg(s).arg(sums.at({1, s})).arg(busyUs)));
            total += busyUs;
        }
        // The same busy time the report's utilisation is made of.
        const MetricsReport r = p.metrics();
        const double capacityUs = 1000 * double(p.cycle()) * r.value("pipeline_cycle_time_ms") * int(p.state().stages.size());
        QVERIFY(near(total, r.value("run_utilization") * capacityUs));
    }

    void pipelineSlicesCarryMiniBatchAndWeightVersion() {
        const auto model = runToEnd("pipeline-mnist-cnn-3stage.json");
        const Trace t = model->trace();
        QVERIFY(!t.empty());
        std::set<std::string> names;
        for (const TraceSlice& s : t.slices()) {
            names.insert(s.name);
            QCOMPARE(s.args.at(0).first, std::string("mini_batch"));
            QCOMPARE(s.args.at(1).first, std::string("weight_version"));
        }
        QCOMPARE(names, (std::set<std::string>{"F", "B", "U"}));
    }

    void cgraLayersAddUpToTheNetworkTime() {
        const auto model = runToEnd("cgra-alexnet-table2.json");
        const auto sums = validate(traceToJson(model->trace(), "s", "cgra"));
        const double totalUs = 1000 * model->metrics().value("total_time_ms");
        QVERIFY(near(sums.at({1, 1}), totalUs));  // layers
        QVERIFY(near(sums.at({1, 2}), totalUs));  // row blocks fill the layers
    }

    void neurotrainerOpsAddUpToTheStep() {
        const auto model = runToEnd("neurotrainer-small-cnn.json");
        const auto& nt = dynamic_cast<const nt::NeuroTrainerModel&>(*model);
        const auto sums = validate(traceToJson(nt.trace(), "s", "neurotrainer"));
        const double stepUs = double(nt.run().cycles()) * nt.run().machine.secondsPerCycle() * 1e6;
        QVERIFY(near(sums.at({1, 1}), stepUs));  // phases
        QVERIFY(near(sums.at({1, 2}), stepUs));  // ops
        QVERIFY(sums.at({1, 3}) <= stepUs && sums.at({1, 3}) > 0);  // MACs busy part of the time
    }

    void networkModuleHasNoTimeline() {
        QVERIFY(runToEnd("network-mnist-cnn.json")->trace().empty());
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "test_trace.moc"
