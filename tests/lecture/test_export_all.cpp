// Export all: every chart in every format, a snapshot of each animated view at the cycle, the index listing
// them with captions, the scenario and the cycle; the animated sequence; and the same through batch mode.
// DFL_EXPORT_DIR=DIR keeps the pipeline export to look at.

#include "app/batch/batch_runner.h"
#include "app/export_all.h"
#include "core/modules/module_registry.h"
#include "tests/lecture/lecture_test_support.h"
#include "views/module_view_registry.h"

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

private slots:
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
