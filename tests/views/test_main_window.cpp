// SPDX-License-Identifier: GPL-3.0-or-later
// The main window offscreen: open a scenario and see its network, step forward and back, a malformed file
// leaves the open scenario alone, the browser greys out broken files, "Export all charts" writes a folder.

#include "app/main_window.h"
#include "tests/views/test_models.h"
#include "views/charts_view.h"
#include "views/network_view.h"
#include "views/scenario_browser.h"
#include "views/table_model.h"
#include "views/transport_bar.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QSettings>
#include <QDoubleSpinBox>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace dfl;

namespace {

const QString kMnist = QStringLiteral(DFL_SOURCE_DIR "/scenarios/network-mnist-cnn.json");

void writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
        QCoreApplication::setOrganizationName("dfl-test");
        QCoreApplication::setApplicationName("test_main_window");
    }

    void opensAScenarioAndShowsItsNetwork() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(w.openScenario(kMnist));
        QTRY_VERIFY(w.controller()->scenario() != nullptr);
        const auto& layers = w.controller()->scenario()->network->layers();
        QVERIFY(!layers.empty());
        QTRY_COMPARE(w.networkView()->model()->rowCount(), int(layers.size()));
        QCOMPARE(w.networkView()->model()->index(0, 0).data().toString(), QString::fromStdString(layers.front().name));
        QVERIFY(w.windowTitle().contains(QString::fromStdString(w.controller()->scenario()->name)));
        QTRY_COMPARE(w.chartsView()->tabs()->count(), 1);  // the network cost chart
        QCOMPARE(w.lastScenario(), QFileInfo(kMnist).absoluteFilePath());
    }

    void stepsForwardAndBack() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        w.controller()->loadModel(std::make_unique<test::CounterModel>(50), test::counterScenario("Counter test"));
        QTRY_COMPARE(w.controller()->expectedCycles(), qint64(50));
        QTRY_VERIFY(w.windowTitle().contains("Counter test"));
        w.transportBar()->stepAction()->trigger();
        w.transportBar()->stepAction()->trigger();
        w.transportBar()->stepAction()->trigger();
        QTRY_COMPARE(w.controller()->cycle(), qint64(3));
        QTRY_COMPARE(w.transportBar()->cycleBox()->value(), 3.0);
        w.transportBar()->stepBackAction()->trigger();
        QTRY_COMPARE(w.controller()->cycle(), qint64(2));
        w.controller()->seek(40);
        QTRY_COMPARE(w.controller()->cycle(), qint64(40));
        QTRY_COMPARE(w.transportBar()->scrubber()->value(), 40);
        w.transportBar()->resetAction()->trigger();
        QTRY_COMPARE(w.controller()->cycle(), qint64(0));
        QTRY_COMPARE(w.chartsView()->tabs()->count(), 1);
        QTRY_COMPARE(w.networkView()->model()->rowCount(), 0);  // a scenario without a network
    }

    void scrubberCoversRunsPastTwoBillionCycles() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        const qint64 length = 6'000'000'000;  // past QSlider's int
        w.controller()->loadModel(std::make_unique<test::CounterModel>(length), test::counterScenario("Long counter"));
        QTRY_COMPARE(w.controller()->expectedCycles(), length);
        QSlider* scrubber = w.transportBar()->scrubber();
        QTRY_COMPARE(qint64(scrubber->maximum()), TransportBar::SliderTicks);
        scrubber->setValue(scrubber->maximum() / 2);  // what a drag to the middle does
        QTRY_COMPARE(w.controller()->cycle(), length / 2);
        QTRY_COMPARE(w.transportBar()->cycleBox()->value(), double(length / 2));
        w.transportBar()->cycleBox()->setValue(4'500'000'001.0);  // typed: exact, not rounded to a tick
        QTRY_COMPARE(w.controller()->cycle(), qint64(4'500'000'001));
        QTRY_COMPARE(scrubber->value(), 750'000'000);
    }

    void malformedScenarioKeepsTheOpenOne() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(w.openScenario(kMnist));
        QTRY_VERIFY(w.controller()->scenario() != nullptr);
        const std::string name = w.controller()->scenario()->name;
        const QString title = w.windowTitle();

        QTemporaryDir dir;
        const QString broken = dir.filePath("broken.json");
        writeFile(broken, "{ \"name\": \"Broken\", \"module\": \"network\", \"network\": \"mnist-cnn\",\n  \"params\": [1, 2 }\n");
        QVERIFY(!w.openScenario(broken));
        QVERIFY2(w.lastError().contains("broken.json"), qPrintable(w.lastError()));
        QVERIFY2(w.lastError().contains("line "), qPrintable(w.lastError()));  // the place in the file

        const QString unknownModule = dir.filePath("unknown.json");
        writeFile(unknownModule, "{ \"name\": \"X\", \"module\": \"warp-drive\" }");
        QVERIFY(!w.openScenario(unknownModule));
        QVERIFY2(w.lastError().contains("warp-drive"), qPrintable(w.lastError()));

        QTest::qWait(100);
        QCOMPARE(w.controller()->scenario()->name, name);
        QCOMPARE(w.windowTitle(), title);
    }

    // A module with registered views gets one dock per view, tabbed with the network dock, the first raised.
    void moduleDocksFollowTheModule() {
        const QString pipeline = QStringLiteral(DFL_SOURCE_DIR "/scenarios/pipeline-vgg-f-4stage.json");
        if (!QFileInfo::exists(pipeline)) QSKIP("no pipeline scenario in this tree");
        MainWindow w;
        w.setInteractive(false);
        w.resize(1600, 1000);
        w.show();
        QVERIFY(w.openScenario(pipeline));
        QTRY_VERIFY(!w.moduleDocks().isEmpty());
        for (QDockWidget* d : w.moduleDocks()) QVERIFY(!d->isFloating());
        QTRY_VERIFY(!w.tabifiedDockWidgets(w.moduleDocks().front()).isEmpty());
        QTRY_VERIFY(w.moduleDocks().front()->isVisible());
        QTRY_VERIFY(!w.moduleDocks().front()->visibleRegion().isEmpty());
        QVERIFY(w.openScenario(kMnist));
        QTRY_VERIFY(w.moduleDocks().isEmpty());
    }

    void browserGreysBrokenFiles() {
        QTemporaryDir dir;
        QFile::copy(kMnist, dir.filePath("a-good.json"));
        writeFile(dir.filePath("b-bad.json"), "{ nope");
        ScenarioBrowser browser;
        browser.setDirectory(dir.path());
        QCOMPARE(browser.scenarioItems().size(), 2);
        QTreeWidgetItem* bad = browser.scenarioItems().at(1);
        QVERIFY(bad->toolTip(0).contains("b-bad.json"));
        QVERIFY(bad->toolTip(0).contains("invalid JSON"));
        QCOMPARE(bad->parent()->text(0), QString("Do not load"));
        QTreeWidgetItem* good = browser.scenarioItems().at(0);
        QVERIFY(good->toolTip(0).contains("MNIST"));
        QCOMPARE(good->parent()->text(0), QString("Networks"));
    }

    void exportsAllCharts() {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openScenario(kMnist));
        QTRY_VERIFY(w.controller()->charts() != nullptr);
        QTemporaryDir dir;
        QVERIFY(w.exportAll(dir.path()));
        const std::string id = w.controller()->charts()->front().id;  // named for slides: NN-<chart id>
        for (const char* ext : {"png", "svg", "pdf", "csv"})
            QVERIFY(QFileInfo::exists(dir.filePath("01-" + QString::fromStdString(id) + "." + ext)));
        QVERIFY(QFileInfo::exists(dir.filePath("index.md")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
