// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep's parts without the executable: how --vary lists split, the order of the points, the table's columns
// (union of figures, empty cells, the references column) and how parallel points report a failure.

#include "app/batch/sweep_jobs.h"
#include "app/batch/sweep_runner.h"
#include "app/batch/sweep_options.h"
#include "app/batch/sweep_points.h"
#include "app/batch/sweep_report.h"
#include "app/session.h"
#include "core/sim/input_error.h"
#include "core/sim/metrics_json.h"
#include "tests/reference_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <sstream>
#include <stdexcept>

using namespace dfl;

namespace {

using Values = std::vector<std::string>;

MetricsReport report(std::vector<std::pair<std::string, double>> figures) {
    MetricsReport r;
    r.scenario = "s";
    r.module = "m";
    for (const auto& [key, value] : figures) r.add(key, value, key == "time" ? "ms" : "");
    return r;
}

}  // namespace

class TestSweep : public QObject {
    Q_OBJECT

private slots:
    void splitsOnCommasOutsideBracketsAndQuotes() {
        QCOMPARE(splitVaryValues("2,3,4", "o"), (Values{"2", "3", "4"}));
        QCOMPARE(splitVaryValues("[conv2,fc3],[fc3]", "o"), (Values{"[conv2,fc3]", "[fc3]"}));
        QCOMPARE(splitVaryValues("\"a,b\",c", "o"), (Values{"\"a,b\"", "c"}));
        QCOMPARE(splitVaryValues("\"say \\\"x,y\\\"\",{\"k\":[1,2]}", "o"),
                 (Values{"\"say \\\"x,y\\\"\"", "{\"k\":[1,2]}"}));
        QCOMPARE(splitVaryValues(" 0.01 , 0.02", "o"), (Values{"0.01", "0.02"}));
        QCOMPARE(splitVaryValues("[[1,2],[3]]", "o"), (Values{"[[1,2],[3]]"}));
    }

    void rejectsMalformedLists_data() {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << "" << "empty list of values";
        QTest::newRow("blank") << "  " << "empty list of values";
        QTest::newRow("trailing comma") << "2,3," << "value 3 is empty";
        QTest::newRow("open bracket") << "[a,b" << "a bracket is not closed";
        QTest::newRow("stray bracket") << "a],b" << "a closing bracket has no opening one";
        QTest::newRow("open quote") << "\"a,b" << "a quote is not closed";
    }
    void rejectsMalformedLists() {
        QFETCH(QString, list);
        QFETCH(QString, reason);
        try {
            splitVaryValues(list.toStdString(), "--vary k=" + list.toStdString());
            QFAIL("accepted");
        } catch (const InputError& e) {
            QCOMPARE(QString::fromStdString(e.reason()), reason);
            QCOMPARE(QString::fromStdString(e.place()), "--vary k=" + list);
        }
    }

    void parsesOptions() {
        const SweepOptions o = parseSweepOptions({"x.json", "--vary", "params.stages=2,3", "--vary=seed=1,2,3",
                                                  "--set", "params.batch=16", "--jobs", "2", "--cycles", "5", "--json"});
        QCOMPARE(o.scenarioPath, std::string("x.json"));
        QCOMPARE(o.varied.size(), size_t(2));
        QCOMPARE(o.varied[1].keyPath, std::string("seed"));
        QCOMPARE(o.varied[1].values, (Values{"1", "2", "3"}));
        QCOMPARE(o.overrides.size(), size_t(1));
        QCOMPARE(o.jobs, 2);
        QCOMPARE(*o.cycles, std::int64_t(5));
        QVERIFY(o.json);
        QVERIFY_THROWS_EXCEPTION(InputError, parseSweepOptions({"x.json", "--vary", "a=1", "--vary", "a=2"}));
        QVERIFY_THROWS_EXCEPTION(InputError, parseSweepOptions({"x.json", "--set", "novalue", "--vary", "a=1"}));
        QVERIFY_THROWS_EXCEPTION(InputError, parseSweepOptions({"x.json", "--vary", "a=1", "--jobs", "257"}));
        QVERIFY_THROWS_EXCEPTION(InputError, parseSweepOptions({"--vary", "a=1"}));
    }

    void firstVaryIsOutermost() {
        const auto points = sweepPoints({{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}});
        QCOMPARE(points.size(), size_t(6));
        QCOMPARE(describePoint(points[0]), std::string("a=1, b=x"));
        QCOMPARE(describePoint(points[2]), std::string("a=1, b=z"));
        QCOMPARE(describePoint(points[3]), std::string("a=2, b=x"));
        QCOMPARE(points[5].number, 6);
        QCOMPARE(pointFolderName(points[5], points.size()), std::string("06"));
        QCOMPARE(pointFolderName(points[5], 120), std::string("006"));
        const Values many(101, "v");
        QVERIFY_THROWS_EXCEPTION(InputError, sweepPoints({{"a", many}, {"b", many}}));
    }

    void tableIsTheUnionOfFiguresInFirstSeenOrder() {
        SweepResult sweep;
        sweep.scenario = "s";
        sweep.module = "m";
        sweep.varied = {{"params.partition", {"[a,b]", "8"}}};
        sweep.points = sweepPoints(sweep.varied);
        sweep.reports = {report({{"time", 1.5}, {"stages", 3}}), report({{"extra", 7}, {"time", 2}})};
        const Table t = sweepTable(sweep);
        QCOMPARE(tableToCsv(t), std::string("point,params.partition,time,stages,extra\n"
                                            "1,\"[a,b]\",1.5,3,\n"
                                            "2,8,2,,7\n"));
        QVERIFY(std::holds_alternative<double>(t.rows[1][1]));  // "8" read as --set reads it: a number
        QCOMPARE(t.columns[2].unit, std::string("ms"));
        QVERIFY(!anyReferences(sweep));
        QVERIFY(formatSweepText(sweep).find("references") == std::string::npos);
    }

    void referencesColumnSaysWhichPointFailed() {
        SweepResult sweep;
        sweep.varied = {{"seed", {"1", "2"}}};
        sweep.points = sweepPoints(sweep.varied);
        sweep.reports = {report({{"cycles", 11}}), report({{"cycles", 9}})};
        for (MetricsReport& r : sweep.reports) r.checkReferences({plainReference("cycles", 11, 0, "paper")});
        QVERIFY(!noReferenceFailed(sweep));
        QCOMPARE(tableToCsv(sweepTable(sweep)), std::string("point,seed,cycles,references\n"
                                                            "1,1,11,pass\n"
                                                            "2,2,9,fail\n"));
        const std::string text = formatSweepText(sweep);
        QVERIFY(text.find("point 2 (seed=2): cycles published 11, simulated 9") != std::string::npos);
        QVERIFY(text.find("point 1 (seed=1): cycles") == std::string::npos);
    }

    // A point whose figure the scenario declares not reproduced (with its reason) is a result, not a failure.
    void declaredNotReproducedPointIsNotAFailure() {
        SweepResult sweep;
        sweep.varied = {{"seed", {"1", "2"}}};
        sweep.points = sweepPoints(sweep.varied);
        sweep.reports = {report({{"cycles", 11}}), report({{"cycles", 9}})};
        Reference ref = plainReference("cycles", 11, 0, "paper");
        ref.expect = ReferenceExpectation::NotReproduced;
        ref.reason = "the paper counts the drain";
        for (MetricsReport& r : sweep.reports) r.checkReferences({ref});
        QVERIFY(noReferenceFailed(sweep));
        QCOMPARE(tableToCsv(sweepTable(sweep)), std::string("point,seed,cycles,references\n"
                                                            "1,1,11,pass\n"
                                                            "2,2,9,not-reproduced\n"));
        QVERIFY(formatSweepText(sweep).find("Reference checks failed") == std::string::npos);
    }

    void sessionPointsStopAtTheSessionsCycle() {
        const std::string scenario = DFL_TESTS_DIR "/cli/data/pipeline-mnist-optimiser.json";
        QTemporaryDir dir;
        const std::string session = dir.filePath("at5.dflsession").toStdString();
        writeSessionFile(makeSession(loadScenarioFile(scenario), 5), session);
        SweepOptions o = parseSweepOptions({session, "--vary", "params.stages=2,3", "--json"});
        std::ostringstream out, err;
        QCOMPARE(runSweep(o, out, err), 1);  // 5 cycles, not the reference's 11
        QVERIFY2(err.str().empty(), err.str().c_str());
        QCOMPARE(QString::fromStdString(out.str()).count("\"simulated_cycles\": 5"), 2);
    }

    void jobsRunEveryIndexOnce() {
        std::vector<std::atomic<int>> calls(50);
        runIndexedJobs(calls.size(), 3, [&](size_t i) { ++calls[i]; });
        for (const auto& c : calls) QCOMPARE(c.load(), 1);
    }

    void jobsRethrowTheFirstFailingIndex() {
        for (int jobs : {1, 4}) {
            std::atomic<int> started{0};
            try {
                runIndexedJobs(40, jobs, [&](size_t i) {
                    ++started;
                    if (i == 7 || i == 9) throw std::runtime_error("point " + std::to_string(i));
                });
                QFAIL("no exception");
            } catch (const std::runtime_error& e) {
                QCOMPARE(std::string(e.what()), std::string("point 7"));
            }
            if (jobs == 1) QCOMPARE(started.load(), 8);  // no point starts after a failure
        }
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_sweep.moc"
