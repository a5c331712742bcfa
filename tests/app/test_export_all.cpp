// SPDX-License-Identifier: GPL-3.0-or-later
// Export all: every chart in every format, a snapshot of each animated view at the cycle, the index listing
// them with captions, the scenario and the cycle; the animated sequence; the same through batch mode; and the
// window's export, which loads the window's model state instead of replaying (training) to the cycle.
// DFL_EXPORT_DIR=DIR keeps the pipeline export to look at.

#include "app/batch/batch_runner.h"
#include "app/export_all.h"
#include "app/main_window.h"
#include "core/modules/module_registry.h"
#include "core/sim/metrics_json.h"
#include "core/training/dataset.h"
#include "tests/support/lecture_test_support.h"
#include "views/module_view_registry.h"
#include "tests/support/fashion_mnist.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <sstream>

using namespace dfl;

namespace {

QString readText(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly | QIODevice::Text);
    return QString::fromUtf8(f.readAll());
}

}  // namespace

class TestExportAll : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() { lecture::isolateSettings(settingsDir_.path(), "test_export_all"); }

    // Issue 14 item 11: two exports of one moment are the same bytes, view snapshots included (the data-movement
    // view's packets moved on a wall-clock timer, so 2 of 9 snapshots differed between runs).
    void twoExportsAreByteIdentical() {
        const Scenario s = loadScenarioFile(lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString());
        auto model = createModel(s);
        model->reset();
        model->runUntil(9);
        QTemporaryDir first, second;
        const ExportResult a = exportAll({s, model->cycle(), model->charts(), first.path().toStdString(), {"png"}, CycleRange{7, 9}});
        QTest::qWait(120);  // a different moment on the clock
        const ExportResult b = exportAll({s, model->cycle(), model->charts(), second.path().toStdString(), {"png"}, CycleRange{7, 9}});
        QCOMPARE(a.files, b.files);
        int views = 0;
        for (const QString& f : a.files) {
            if (!f.endsWith(".png")) continue;
            views += f.contains("data-movement");
            QFile x(QDir(first.path()).filePath(f)), y(QDir(second.path()).filePath(f));
            QVERIFY(x.open(QIODevice::ReadOnly) && y.open(QIODevice::ReadOnly));
            QVERIFY2(x.readAll() == y.readAll(), qPrintable(f + " differs between two exports"));
        }
        QVERIFY(views >= 4);  // the snapshot and the three frames
    }

    void writesEveryChartEveryViewAndTheIndex() {
        QTemporaryDir tmp;
        QString dir = tmp.path();
        if (!qEnvironmentVariableIsEmpty("DFL_EXPORT_DIR")) dir = qEnvironmentVariable("DFL_EXPORT_DIR");
        const Scenario s = loadScenarioFile(lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString());
        auto model = createModel(s);
        model->reset();
        model->runUntil(12);
        const std::vector<ChartSpec> charts = model->charts();
        QVERIFY(!charts.empty());
        const ExportResult r = exportAll({s, model->cycle(), charts, dir.toStdString(), {"svg", "pdf", "png"}, CycleRange{3, 5}});

        const QString index = readText(r.indexPath);
        QVERIFY(index.startsWith("# " + QString::fromStdString(s.name)));
        QVERIFY(index.contains("- Cycle: 12 of "));
        QCOMPARE(r.simulatedCycles, std::int64_t(12));  // rebuilt from the scenario: the space-time diagram replays
        QVERIFY(index.contains("- Scenario: `pipeline-vgg-f-4stage.json`"));
        int slide = 0;
        for (const ModuleViewFactory& v : moduleViews("pipeline")) {
            ++slide;
            QVERIFY2(index.contains(QString::fromStdString(v.dockTitle) + " at cycle 12"), qPrintable(index));
        }
        QVERIFY(slide >= 1);
        for (const QString& f : r.files) QVERIFY2(QFileInfo::exists(QDir(dir).filePath(f)), qPrintable(f));
        // Views first (slides 01..), then each chart in each format, listed with its caption.
        const QImage first(QDir(dir).filePath(r.files.front()));
        QCOMPARE(first.size(), QSize(1600, 1000));
        for (const ChartSpec& c : charts) {
            ++slide;
            const QString stem = QString("%1-%2").arg(slide, 2, 10, QChar('0')).arg(QString::fromStdString(c.id));
            for (const char* ext : {"svg", "pdf", "png"})
                QVERIFY2(r.files.contains(stem + "." + ext), qPrintable(stem));
            QVERIFY(index.contains(QString::fromStdString(c.title)));
            QVERIFY(index.contains(QString::fromStdString(c.caption)));
            QVERIFY(index.contains("](" + stem + ".png)"));
        }
        // The animated sequence: cycles 3..5 of each view.
        QVERIFY(index.contains("3 frames of each view, cycles 3 to 5"));
        QVERIFY(r.files.contains("frames/pipeline-space-time-3.png"));
        QVERIFY(r.files.contains("frames/pipeline-space-time-5.png"));
        // Frames differ: the animation moves.
        QVERIFY(QImage(QDir(dir).filePath("frames/pipeline-space-time-3.png")) !=
                QImage(QDir(dir).filePath("frames/pipeline-space-time-5.png")));
        QCOMPARE(r.files.back(), QString("index.md"));
    }

    // `dataflow-lab batch SCENARIO --out DIR --charts svg,pdf,png` through the same export.
    void batchWritesTheSameFolder() {
        QTemporaryDir dir;
        std::ostringstream out, err;
        int exports = 0;
        const int code = runBatchCommand({lecture::scenarioPath("cgra-small-layer.json").toStdString(), "--out",
                                          dir.path().toStdString(), "--charts", "svg,pdf,png"},
                                         out, err, [&](const ExportJob& job) { ++exports; exportAll(job); });
        QVERIFY2(code == BatchOk || code == BatchReferenceFailed, err.str().c_str());
        QCOMPARE(exports, 1);
        const QString index = readText(dir.filePath("index.md"));
        QVERIFY(index.contains("- Module: cgra"));
        QVERIFY(QFileInfo::exists(dir.filePath("01-cgra-array.png")));
        const QStringList svgs = QDir(dir.path()).entryList({"*.svg"});
        const QStringList pdfs = QDir(dir.path()).entryList({"*.pdf"});
        QVERIFY(!svgs.isEmpty());
        QCOMPARE(svgs.size(), pdfs.size());
        for (const QString& f : svgs) QVERIFY2(index.contains(QFileInfo(f).completeBaseName()), qPrintable(f));
        QVERIFY(QFileInfo::exists(dir.filePath("metrics.json")));
    }

    // The window's Export all on a training module: the views show the window's model at its cycle with no
    // mini-batch trained again, pixel for pixel what an export of a model trained to that cycle shows.
    void windowExportLoadsTheModelStateWithoutTraining() {
        DFL_REQUIRE_FASHION_MNIST();
        std::vector<Override> smaller;
        for (const QString& c : lecture::smallerTraining("convergence").split(' '))
            smaller.push_back(parseOverride(c.toStdString()));
        const Scenario s = loadScenarioFile(lecture::scenarioPath("convergence-fashion-cnn.json").toStdString(), smaller);
        const std::int64_t cycles = 5;

        // What the window must show: the same scenario trained to the cycle here, and its export (handed the model).
        std::shared_ptr<ClockedModel> trained = createModel(s);
        trained->reset();
        trained->runUntil(cycles);
        MetricsReport expected = trained->metrics();
        expected.scenario = s.name;
        expected.checkReferences(s.references);
        QTemporaryDir reference, exported;
        const ExportResult r0 = exportAll({s, cycles, {}, reference.path().toStdString(), {"png"}, std::nullopt, trained});
        QCOMPARE(r0.simulatedCycles, std::int64_t(0));

        MainWindow w;
        w.setInteractive(false);
        w.controller()->loadScenario(s);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->scenario() && w.controller()->metrics(), 30000);
        for (std::int64_t i = 0; i < cycles; ++i) w.controller()->step();
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->cycle(), cycles, 30000);
        QTRY_COMPARE(metricsToJson(*w.controller()->metrics()), metricsToJson(expected));

        const std::optional<ExportResult> r = w.exportAll(exported.path());
        QVERIFY2(r, qPrintable(w.lastError()));
        QCOMPARE(r->simulatedCycles, std::int64_t(0));  // loaded, not replayed: no mini-batch trained
        QVERIFY(readText(r->indexPath).contains(QString("- Cycle: %1 of %2").arg(cycles).arg(trained->expectedCycles())));
        QCOMPARE(w.controller()->cycle(), cycles);  // the window's model stays where it was
        int views = 0;
        for (const QString& f : r0.files) {
            if (!f.endsWith(".png")) continue;
            ++views;
            QVERIFY2(r->files.contains(f), qPrintable(f));
            QVERIFY2(QImage(reference.filePath(f)) == QImage(exported.filePath(f)), qPrintable(f));
        }
        QVERIFY(views >= 1);
    }

    // A module without animated views still gets its charts and an index.
    void moduleWithoutViews() {
        QTemporaryDir dir;
        const Scenario s = loadScenarioFile(lecture::scenarioPath("network-mnist-cnn.json").toStdString());
        auto model = createModel(s);
        const ExportResult r = exportAll({s, 0, model->charts(), dir.path().toStdString(), {"png"}, std::nullopt});
        QCOMPARE(r.files.size(), qsizetype(model->charts().size() + 1));
        QVERIFY(readText(r.indexPath).contains("- Cycle: 0\n"));
    }
};

QTEST_MAIN(TestExportAll)
#include "test_export_all.moc"
