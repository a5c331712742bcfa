// Presentation mode on the real main window, offscreen: the scale reaches every chart (font sizes checked), the
// layout goes clean and comes back, Space steps; and sessions in the window: save, reopen at the same cycle with
// the same views, and a damaged file leaves everything as it was.
// DFL_SCREENSHOT_DIR=DIR keeps lecture-presentation.png.

#include "app/main_window.h"
#include "app/presentation_mode.h"
#include "tests/lecture/lecture_test_support.h"
#include "views/chart_panel.h"
#include "views/palette.h"
#include "views/transport_bar.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QFile>
#include <QLegend>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace dfl;

namespace {

// Every chart on the window (the charts dock and the module views) drawn at `scale`.
void verifyChartFonts(MainWindow& w, double scale) {
    const QList<ChartPanel*> panels = w.findChildren<ChartPanel*>();
    QVERIFY(!panels.isEmpty());
    for (ChartPanel* p : panels) {
        QChart* chart = p->chartView()->chart();
        if (chart->series().isEmpty()) continue;  // a panel that has not been given a chart yet
        QCOMPARE(chart->titleFont().pointSizeF(), 15 * scale);
        QCOMPARE(chart->legend()->font().pointSizeF(), 11 * scale);
        for (QAbstractAxis* axis : chart->axes()) {
            QCOMPARE(axis->labelsFont().pointSizeF(), 11 * scale);
            QCOMPARE(axis->titleFont().pointSizeF(), 12 * scale);
        }
    }
}

void keep(QWidget& w, const char* name) {
    const QString dir = qEnvironmentVariable("DFL_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QVERIFY(w.grab().save(QDir(dir).filePath(name)));
}

}  // namespace

class TestPresentation : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // the autosave goes to a test location
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
        QCoreApplication::setOrganizationName("dfl-test");
        QCoreApplication::setApplicationName("test_presentation");
    }

    void scaleReachesEveryChart() {
        MainWindow w;
        w.setInteractive(false);
        w.resize(1600, 1000);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));  // window-wide shortcuts need an active window
        QVERIFY(w.openScenario(lecture::scenarioPath("pipeline-vgg-f-4stage.json")));
        QTRY_VERIFY(w.controller()->charts() && !w.controller()->charts()->empty());
        QTRY_VERIFY(w.findChildren<ChartPanel*>().size() >= 2);
        verifyChartFonts(w, 1.0);
        const QList<QDockWidget*> modules = w.moduleDocks();
        QVERIFY(!modules.isEmpty());

        w.presentationMode()->toggleAction()->trigger();  // the toolbar button (F5 is its shortcut)
        QVERIFY(w.presentationMode()->isActive());
        QCOMPARE(presentationScale(), PresentationMode::kScale);
        verifyChartFonts(w, PresentationMode::kScale);
        QVERIFY(!w.menuBar()->isVisible());
        QVERIFY(w.transportBar()->isVisible());  // the transport stays reachable
        QVERIFY(modules.front()->isVisible());
        QVERIFY(!w.findChild<QDockWidget*>("dock.scenarios")->isVisible());
        QCOMPARE(QApplication::font().pointSizeF() > 12, true);

        // The clicker's "next" (Space) steps instead of running; Left goes back.
        const qint64 before = w.controller()->cycle();
        QTest::keyClick(&w, Qt::Key_Space);
        QTRY_COMPARE(w.controller()->cycle(), before + 1);
        QVERIFY(!w.controller()->isRunning());
        QTest::keyClick(&w, Qt::Key_Right);
        QTRY_COMPARE(w.controller()->cycle(), before + 2);
        QTest::keyClick(&w, Qt::Key_Left);
        QTRY_COMPARE(w.controller()->cycle(), before + 1);
        QTest::qWait(100);
        keep(w, "lecture-presentation.png");

        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presentationMode()->isActive());
        QCOMPARE(presentationScale(), 1.0);
        verifyChartFonts(w, 1.0);
        QVERIFY(w.findChild<QDockWidget*>("dock.scenarios")->isVisible());
        QCOMPARE(w.transportBar()->runAction()->shortcut(), QKeySequence(Qt::Key_Space));  // back to run/pause
    }

    void sessionRestoresCycleAndViews() {
        QTemporaryDir dir;
        const QString path = dir.filePath("lesson.dflsession");
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(w.openScenario(lecture::scenarioPath("pipeline-vgg-f-4stage.json")));
        QTRY_VERIFY(!w.moduleDocks().isEmpty());
        w.controller()->seek(7);
        QTRY_COMPARE(w.controller()->cycle(), qint64(7));
        QDockWidget* metrics = w.findChild<QDockWidget*>("dock.metrics");
        metrics->hide();
        QTRY_VERIFY(w.controller()->metrics() != nullptr);
        const std::string metricsBefore = w.controller()->metrics()->summary.empty() ? "" :
                                          w.controller()->metrics()->summary.front().key;
        QVERIFY(w.saveSession(path));

        QVERIFY(w.openScenario(lecture::scenarioPath("network-mnist-cnn.json")));
        QTRY_COMPARE(w.controller()->scenario()->module, std::string("network"));
        metrics->show();

        QVERIFY(w.openSession(path));
        QTRY_COMPARE(w.controller()->scenario()->module, std::string("pipeline"));
        QTRY_COMPARE(w.controller()->cycle(), qint64(7));
        QTRY_VERIFY(!w.findChild<QDockWidget*>("dock.metrics")->isVisible());
        QVERIFY(w.findChild<QDockWidget*>("dock.charts")->isVisible());
        QCOMPARE(w.controller()->metrics()->summary.front().key, metricsBefore);

        // A damaged session: a message, and the scenario, the cycle and the views stay.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() / 2);
        f.close();
        QVERIFY(!w.openSession(path));
        QVERIFY(w.lastError().contains("truncated"));
        QTest::qWait(50);
        QCOMPARE(w.controller()->scenario()->module, std::string("pipeline"));
        QCOMPARE(w.controller()->cycle(), qint64(7));
    }

    void autosaveIsOfferedBack() {
        {
            MainWindow w;
            w.setInteractive(false);
            QVERIFY(w.openScenario(lecture::scenarioPath("pipeline-vgg-f-4stage.json")));
            QTRY_VERIFY(w.controller()->scenario() != nullptr);
            w.controller()->seek(4);
            QTRY_COMPARE(w.controller()->cycle(), qint64(4));
            w.autosave();
            QVERIFY(w.autosaveAvailable());
            // No close event: as after a crash, the autosave stays behind.
        }
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.restoreAutosave());
        QTRY_COMPARE(w.controller()->cycle(), qint64(4));
        w.close();  // a clean close removes it
        QVERIFY(!w.autosaveAvailable());
    }
};

QTEST_MAIN(TestPresentation)
#include "test_presentation.moc"
