// SPDX-License-Identifier: GPL-3.0-or-later
// Session files: the round trip for every module that has landed (same cycle, same metrics, same model state),
// batch and compare on a session, and the rejections — truncated, tampered data, an edited header, a newer format.

#include "app/batch/batch_runner.h"
#include "app/batch/compare_runner.h"
#include "app/session.h"
#include "core/sim/input_error.h"
#include "core/sim/metrics_json.h"
#include "tests/support/lecture_test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sstream>

using namespace dfl;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// The reason readSessionFile gives, or "" when it accepted the file.
QString rejection(const QString& path) {
    try {
        readSessionFile(path.toStdString());
        return {};
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
}

}  // namespace

class TestSession : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString savedPipeline_;  // a good file the rejection tests damage

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // A pipeline session with an edit (another partition) at cycle 5.
        const Scenario edited = loadScenarioFile(lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString(),
                                                 {parseOverride("params.partition=[conv3,conv4,conv5]")});
        savedPipeline_ = dir_.filePath("edited-pipeline.dflsession");
        writeSessionFile(makeSession(edited, 5), savedPipeline_.toStdString());
    }

    void roundTripEveryModule_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("changes");
        const auto modules = lecture::firstScenarioPerModule();
        QVERIFY(modules.size() >= 5);  // network, pipeline, cgra, neurotrainer, tdnn, convergence as they land
        for (const auto& [module, path] : modules)
            QTest::newRow(module.c_str()) << QString::fromStdString(path) << lecture::smallerTraining(module);
    }

    void roundTripEveryModule() {
        QFETCH(QString, scenario);
        QFETCH(QString, changes);
        std::vector<Override> overrides;
        for (const QString& c : changes.split(' ', Qt::SkipEmptyParts)) overrides.push_back(parseOverride(c.toStdString()));
        const Scenario s = loadScenarioFile(scenario.toStdString(), overrides);
        auto model = createModel(s);
        model->reset();
        const std::int64_t target = lecture::midCycle(model->expectedCycles());
        model->runUntil(target);
        Session session = makeSession(s, model->cycle());
        session.openViews = {"dock.charts", "dock.module." + s.module + ".x"};
        session.windowLayout = std::string("\0\1\2layout", 9);  // binary bytes survive the text archive
        const QString path = dir_.filePath(QString::fromStdString(s.module) + ".dflsession");
        writeSessionFile(session, path.toStdString());

        const Session back = readSessionFile(path.toStdString());
        QCOMPARE(back.cycle, model->cycle());
        QCOMPARE(back.openViews, session.openViews);
        QCOMPARE(back.windowLayout, session.windowLayout);
        QCOMPARE(back.scenarioJson, s.json);
        auto restored = createModel(sessionScenario(back));
        restored->reset();
        restored->runUntil(back.cycle);
        QCOMPARE(restored->cycle(), model->cycle());
        QCOMPARE(restored->done(), model->done());
        QCOMPARE(metricsToJson(restored->metrics()), metricsToJson(model->metrics()));
        QVERIFY(restored->saveState() == model->saveState());
    }

    void headerIsReadable() {
        const QByteArray text = readAll(savedPipeline_);
        QVERIFY(text.startsWith("Dataflow Lab session\nformat: 1\nwritten-by: dataflow-lab "));
        QVERIFY(text.contains("\nmodule: pipeline\n"));
        QVERIFY(text.contains("\ncycle: 5\n"));
        QVERIFY(text.contains("\ndata-sha256: "));
    }

    void editsSurvive() {
        const Scenario s = sessionScenario(readSessionFile(savedPipeline_.toStdString()));
        QCOMPARE(s.params.getStringList("partition"), (std::vector<std::string>{"conv3", "conv4", "conv5"}));
    }

    // `dataflow-lab batch SESSION` reports the same as the scenario with the same edit stopped at the same cycle.
    void batchRunsASession() {
        std::ostringstream sessionOut, sessionErr, scenarioOut, scenarioErr;
        const int a = runBatchCommand({savedPipeline_.toStdString(), "--json"}, sessionOut, sessionErr, {});
        const int b = runBatchCommand({lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString(), "--set",
                                       "params.partition=[conv3,conv4,conv5]", "--cycles", "5", "--json"},
                                      scenarioOut, scenarioErr, {});
        QCOMPARE(a, b);
        QVERIFY2(a == BatchOk || a == BatchReferenceFailed, sessionErr.str().c_str());
        QCOMPARE(sessionOut.str(), scenarioOut.str());
        std::ostringstream text, err;
        runBatchCommand({savedPipeline_.toStdString()}, text, err, {});
        QVERIFY(text.str().rfind("Session ", 0) == 0);
        QVERIFY(text.str().find("at cycle 5") != std::string::npos);
    }

    // `dataflow-lab compare SESSION ...`: a session is one side at its own cycle, like the scenario with its edit.
    void compareTakesASession() {
        const std::string scenario = lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString();
        std::ostringstream out, err;
        QCOMPARE(runCompareCommand({savedPipeline_.toStdString(), scenario, "--set-b",
                                    "params.partition=[conv3,conv4,conv5]", "--cycles", "5", "--json"},
                                   out, err),
                 int(BatchOk));
        const QJsonObject same = QJsonDocument::fromJson(QByteArray::fromStdString(out.str())).object();
        QCOMPARE(same["a"].toObject()["cycle"].toInt(), 5);
        QCOMPARE(same["parameters"].toArray().size(), 0);
        QVERIFY(!same["figures"].toArray().isEmpty());
        for (const QJsonValue& f : same["figures"].toArray())
            QVERIFY2(f.toObject()["difference"].toDouble() == 0, qPrintable(f.toObject()["key"].toString()));

        std::ostringstream text, textErr;
        QCOMPARE(runCompareCommand({savedPipeline_.toStdString(), scenario}, text, textErr), int(BatchOk));
        // A stops at the session's cycle, B runs to the end.
        QVERIFY2(text.str().find(", cycle 5\nB: ") != std::string::npos, text.str().c_str());
        QVERIFY2(text.str().find("partition") != std::string::npos, text.str().c_str());
    }

    void rejectsTruncated() {
        const QByteArray good = readAll(savedPipeline_);
        const QString cut = dir_.filePath("cut.dflsession");
        writeAll(cut, good.left(good.size() - 40));
        QVERIFY2(rejection(cut).contains("data: truncated:"), qPrintable(rejection(cut)));
        writeAll(cut, good.left(60));  // inside the header
        QVERIFY2(rejection(cut).contains("truncated"), qPrintable(rejection(cut)));
        std::ostringstream out, err;
        QCOMPARE(runBatchCommand({cut.toStdString()}, out, err, {}), int(BatchBadInput));
        QVERIFY(err.str().find("truncated") != std::string::npos);
    }

    void rejectsTamperedData() {
        QByteArray bad = readAll(savedPipeline_);
        const qsizetype at = bad.indexOf("conv3");
        QVERIFY(at > bad.indexOf("\n\n"));  // in the data, not the header
        bad[at + 4] = '4';                  // someone edits the partition by hand
        const QString path = dir_.filePath("tampered.dflsession");
        writeAll(path, bad);
        QVERIFY2(rejection(path).contains("damaged: the session data does not match its checksum"), qPrintable(rejection(path)));
    }

    void rejectsEditedHeader() {
        QByteArray bad = readAll(savedPipeline_);
        bad.replace("\ncycle: 5\n", "\ncycle: 9\n");
        const QString path = dir_.filePath("header.dflsession");
        writeAll(path, bad);
        QVERIFY2(rejection(path).contains("does not match the session data"), qPrintable(rejection(path)));
    }

    void rejectsNewerFormat() {
        QByteArray newer = readAll(savedPipeline_);
        newer.replace("\nformat: 1\n", "\nformat: 7\n");
        const QString path = dir_.filePath("newer.dflsession");
        writeAll(path, newer);
        QVERIFY2(rejection(path).contains("written by a newer Dataflow Lab"), qPrintable(rejection(path)));
        QVERIFY(rejection(path).contains("format 7"));
    }

    void rejectsOtherFiles() {
        QVERIFY(rejection(lecture::scenarioPath("pipeline-vgg-f-4stage.json")).contains("not a Dataflow Lab session"));
        QVERIFY(rejection(dir_.filePath("missing.dflsession")).contains("no such session file"));
        QVERIFY(!looksLikeSessionFile(lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString()));
        QVERIFY(looksLikeSessionFile(savedPipeline_.toStdString()));
    }

    // A failed write leaves the previous file as it was (QSaveFile).
    void writesAtomically() {
        const QByteArray before = readAll(savedPipeline_);
        const Scenario s = loadScenarioFile(lecture::scenarioPath("network-mnist-cnn.json").toStdString());
        QVERIFY_THROWS_EXCEPTION(InputError, writeSessionFile(makeSession(s, 0), "/nonexistent-dir/x.dflsession"));
        QCOMPARE(readAll(savedPipeline_), before);
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "test_session.moc"
