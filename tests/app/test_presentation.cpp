// SPDX-License-Identifier: GPL-3.0-or-later
// Presentation mode on the real main window, offscreen: the scale reaches every chart (font sizes checked), the
// layout goes clean (the animation and the charts split the width) and comes back, Space steps; a chart's caption
// gets its lines; and sessions in the window: save, reopen at the same cycle with the same views, and a damaged
// file leaves everything as it was.
// DFL_SCREENSHOT_DIR=DIR keeps lecture-presentation.png.

#include "app/main_window.h"
#include "app/presentation_mode.h"
#include "core/scenario/scenario.h"
#include "tests/support/lecture_test_support.h"
#include "views/chart_builder.h"
#include "views/chart_panel.h"
#include "views/charts_view.h"
#include "views/convergence/convergence_view.h"
#include "views/neurotrainer/nt_cube_view.h"
#include "views/network_view.h"
#include "views/neurotrainer/nt_programs_view.h"
#include "views/palette.h"
#include "views/simulation_controller.h"
#include "views/transport_bar.h"
#include "views/view_controls.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QBarCategoryAxis>
#include <QChartView>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>
#include <QTabWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include <cmath>

using namespace dfl;

namespace {

// Every chart on the window (the charts dock and the module views) drawn at `scale`.
void verifyChartFonts(MainWindow& w, double scale) {
    const QList<ChartPanel*> panels = w.findChildren<ChartPanel*>();
    QVERIFY(!panels.isEmpty());
    for (ChartPanel* p : panels) {
        QChart* chart = p->chartView()->chart();
        if (chart->series().isEmpty()) continue;  // a panel that has not been given a chart yet
        // Titles shrink (down to kSmallestTitleShare) where a narrow dock has no room for them: chart_builder.h.
        auto scaledTitle = [&](double size, double points, double smallestShare = kSmallestTitleShare) {
            return points <= size * scale + 1e-9 && points >= smallestShare * size * scale - 1e-9;
        };
        QVERIFY(scaledTitle(15, chart->titleFont().pointSizeF()));
        QCOMPARE(chart->legend()->font().pointSizeF(), 11 * scale);
        for (QAbstractAxis* axis : chart->axes()) {
            // Tick labels shrink where they do not fit their slot or their axis' room (fitCategoryAxes, fitValueAxes),
            // never below the smallest size.
            const double labels = axis->labelsFont().pointSizeF();
            QVERIFY2(labels <= 11 * scale + 1e-9 && labels >= smallestAxisLabelPoints(11 * scale) - 1e-9,
                     qPrintable(QString("tick labels at %1 pt, presentation scale %2").arg(labels).arg(scale)));
            QVERIFY(scaledTitle(12, axis->titleFont().pointSizeF(), kSmallestAxisTitleShare));
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
    void initTestCase() { lecture::isolateSettings(settingsDir_.path(), "test_presentation"); }

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

    // The default layout puts the animation (tabbed with the network) and the charts side by side in the right dock
    // area: they split the full-screen width (kAnimationShare for the animation), also when the full-screen size
    // arrives after the mode started. The offscreen screen here (800 px) is too narrow for both at presentation
    // size: the charts go a tab behind the animation instead of making the window wider than the screen. The split
    // itself on 1280 and 1600 px screens: test_screen_fit. The network module: its dock is the animation.
    void presentationSplitsTheWidth() {
        MainWindow w;
        w.setInteractive(false);
        w.resize(800, 600);
        w.show();
        QVERIFY(w.openScenario(lecture::scenarioPath("network-mnist-cnn.json")));
        QTRY_VERIFY(w.controller()->charts() && !w.controller()->charts()->empty());
        w.presentationMode()->setActive(true);
        QDockWidget* network = w.findChild<QDockWidget*>("dock.network");
        QDockWidget* charts = w.findChild<QDockWidget*>("dock.charts");
        QTRY_VERIFY(w.tabifiedDockWidgets(network).contains(charts));
        QTRY_VERIFY(w.width() <= w.screen()->geometry().width());
        w.presentationMode()->setActive(false);
        QCOMPARE(presentationScale(), 1.0);
        QVERIFY(!w.tabifiedDockWidgets(network).contains(charts));  // the desk layout is back
    }

    // Views whose side tables and labels have their fonts set (not read at paint time) follow the scale live, as
    // F5 changes it while they are open; the chart panel's minimum size grows with it so labels are not elided.
    // Presenting before the scenario's views exist (dataflow-lab --presentation SCENARIO) or opening another
    // scenario while presenting: the new docks are presented like the old, their buttons and selectors hidden
    // (they stayed: the space-time view's stage selector and the partition editor's Balance showed at 1.8x, and the
    // Charts dock's Export and Copy, built with the scenario's first charts).
    void docksBuiltWhilePresentingArePresented() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        w.presentationMode()->setActive(true);
        for (const char* scenario : {"pipeline-vgg-f-4stage.json", "cgra-small-layer.json"}) {
            QVERIFY(w.openScenario(lecture::scenarioPath(scenario)));
            QTRY_VERIFY(w.controller()->scenario() && w.controller()->scenario()->file == lecture::scenarioPath(scenario).toStdString());
            QTRY_VERIFY(!w.moduleDocks().isEmpty());
            QTest::qWait(50);
            QVERIFY(w.moduleDocks().front()->isVisible());
            QVERIFY(!w.menuBar()->isVisible());
            // The charts arrive with the first metrics; their Export and Copy stay out of the picture on every tab.
            QTabWidget* tabs = w.chartsView()->tabs();
            QTRY_VERIFY(tabs->count() > 0);
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                QTest::qWait(20);
                for (QWidget* c : tabs->widget(i)->findChildren<QWidget*>())
                    QVERIFY2(!isViewControl(c) || !c->isVisible(),
                             qPrintable(QString("%1 on chart tab \"%2\" is shown while presenting")
                                            .arg(c->metaObject()->className(), tabs->tabText(i))));
            }
            int controls = 0;
            for (QDockWidget* d : w.moduleDocks())
                for (QWidget* c : d->findChildren<QWidget*>())
                    if (isViewControl(c)) {
                        ++controls;
                        QVERIFY2(c->isHidden(), qPrintable(d->windowTitle() + ": " + c->metaObject()->className() + " " +
                                                           c->objectName() + " is shown while presenting"));
                    }
            if (QString(scenario).startsWith("pipeline")) QVERIFY(controls > 0);
        }
        w.presentationMode()->setActive(false);
        for (QDockWidget* d : w.moduleDocks())
            for (QWidget* c : d->findChildren<QWidget*>())
                if (isViewControl(c) && c->parentWidget() && c->parentWidget()->isVisible()) QVERIFY(!c->isHidden());
    }

    void sideTablesFollowTheScaleLive() {
        ModuleViewContext none;
        NtCubeView cube(none);
        NtProgramsView programs(none);
        ConvergenceView convergence(none);
        SimulationController controller;
        NetworkView network(&controller);
        controller.loadScenario(loadScenarioFile(lecture::scenarioPath("network-vgg-f.json").toStdString()));
        QTRY_VERIFY(network.findChild<QTableView*>()->model()->rowCount() > 0);
        ChartPanel chart;
        auto tables = [&] {
            return QList<QAbstractItemView*>{cube.findChild<QTableWidget*>(), programs.findChild<QTableView*>(),
                                             network.findChild<QTableView*>(), convergence.speedupTableView()};
        };
        for (QAbstractItemView* t : tables()) QVERIFY(t);
        const QSize chartMinimum = chart.chartView()->minimumSize();
        for (double scale : {PresentationMode::kScale, 1.0}) {
            setPresentationScale(scale);
            for (QAbstractItemView* t : tables()) QCOMPARE(t->font().pointSizeF(), scaledPointSize(t == tables().back() ? 11 : 10));
            QCOMPARE(cube.findChild<QTableWidget*>()->horizontalHeader()->font().pointSizeF(), scaledPointSize(10));
            // Each layer name and shape whole in its column (it read "c…" and "3x22…" at 1.8 times the size).
            auto* layers = network.findChild<QTableView*>();
            for (int column = 0; column < layers->model()->columnCount(); ++column) {
                const QString widest = layers->model()->index(0, column).data().toString();
                QVERIFY2(layers->columnWidth(column) >= layers->fontMetrics().horizontalAdvance(widest),
                         qPrintable(QString("\"%1\" in a column %2 px wide at scale %3").arg(widest).arg(layers->columnWidth(column)).arg(scale)));
            }
            QCOMPARE(chart.chartView()->minimumSize(), chartMinimum * scale);
            for (QLabel* l : convergence.findChildren<QLabel*>())
                if (!l->text().isEmpty()) QVERIFY2(l->font().pointSizeF() >= scaledPointSize(11), qPrintable(l->text()));
        }
    }

    // A wrapped caption under a chart in a tab (the convergence view's charts): never drawn over the chart or its
    // legend; the tabs make room for its lines, or for two of them and a scroll bar.
    void captionGetsTheLinesItNeeds() {
        setPresentationScale(PresentationMode::kScale);
        QTabWidget tabs;
        auto* panel = new ChartPanel;
        tabs.addTab(panel, "chart");
        tabs.addTab(new ChartPanel, "another");
        ChartSpec spec;
        spec.id = "t";
        spec.title = "Test error against training time";
        spec.xLabel = "Training time (ms)";
        spec.yLabel = "Test error (%)";
        spec.series.push_back({"Naive SGD", SeriesRole::Forward, {0, 10}, {90, 20}});
        spec.caption = "Squares mark where each run reaches the target error. A pipeline trains more mini-batches per "
                       "second than one worker; its stale weights may need more of them.";
        panel->setSpec(spec);
        tabs.resize(480, 300);
        tabs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tabs));
        tabs.resize(480, tabs.minimumSizeHint().height());  // as small as a splitter or a dock may make it
        QLabel* caption = nullptr;
        for (QLabel* l : panel->findChildren<QLabel*>())
            if (l->text() == QString::fromStdString(spec.caption)) caption = l;
        QVERIFY(caption);
        // All its lines are there, under the chart: whole, or (a panel too short for all of them at presentation
        // size) at least two lines of them in view with a scroll bar for the rest.
        QTRY_VERIFY(caption->height() >= caption->heightForWidth(caption->width()));
        QTRY_VERIFY(caption->mapTo(panel, QPoint(0, 0)).y() >= panel->chartView()->geometry().bottom());
        const QWidget* shown = caption->parentWidget();  // the scroll area's viewport
        QVERIFY(shown->height() >= std::min(caption->height(), 2 * caption->fontMetrics().lineSpacing()));
        setPresentationScale(1.0);
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
