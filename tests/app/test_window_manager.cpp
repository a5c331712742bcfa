// SPDX-License-Identifier: GPL-3.0-or-later
// The main window under a real X server and window manager (issue 12), where the layout differs from Qt's offscreen
// platform: a window manager frames, places and constrains the window (a full-screen window no smaller than its
// minimum), and X11's fonts are wider. CTest runs this suite under xvfb-run with openbox
// (tests/support/under_window_manager.sh) on a 1280 x 800 screen. Without an X display (DISPLAY unset, or another
// platform asked for) every test is skipped, not failed.

#include "app/main_window.h"
#include "app/presentation_mode.h"
#include "tests/support/lecture_test_support.h"
#include "views/chart_panel.h"
#include "views/charts_view.h"
#include "views/drawn_text.h"
#include "views/parameter_panel.h"
#include "views/simulation_controller.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QtTest>

using namespace dfl;

namespace {

// An X display to test on: DISPLAY set, and no other platform asked for.
bool xDisplayAvailable() {
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
    return !qEnvironmentVariableIsEmpty("DISPLAY") && (platform.isEmpty() || platform.startsWith("xcb"));
}

QString describe(const QRect& r) { return QString("%1 x %2 at (%3, %4)").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y()); }

// Opens `scenario` in `w` and waits for its views, its figures and the window manager's frame (and the refit the
// frame causes: MainWindow::moveEvent).
// The lessons that train a network do so on fewer samples (smallerTraining): on two busy cores the whole training
// set took longer than the wait.
bool openAndSettle(MainWindow& w, const char* scenario) {
    const QString path = lecture::scenarioPath(scenario);
    if (!lecture::smallerTraining(loadScenarioFile(path.toStdString()).module).isEmpty())
        w.controller()->loadScenario(lecture::smallScenario(path.toStdString()));
    else if (!w.openScenario(path))
        return false;
    if (!QTest::qWaitFor([&] { return !w.moduleDocks().isEmpty() && w.controller()->metrics(); }, 30000)) return false;
    QTest::qWait(1000);
    return true;
}

// Each tab of the Charts dock shown in turn: a layout larger than the screen, and text the chart's view cuts off, Qt
// elided or drew over other text.
QStringList chartTabProblems(MainWindow& w, const QString& name) {
    QStringList problems;
    const QRect screen = w.screen()->geometry();
    QTabWidget* tabs = w.chartsView()->tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QTest::qWait(150);
        const QSize least = w.minimumSizeHint().expandedTo(w.minimumSize());
        if (least.width() > screen.width() || least.height() > screen.height())
            problems << QString("with \"%1\" the layout needs %2 x %3").arg(tabs->tabText(i)).arg(least.width()).arg(least.height());
        // Every label and title inside the chart's view: the chart kept a size from before it was presented
        // (969 x 630 in a view 512 px tall), its category labels and axis title below the view's edge.
        // And no label elided or over another at the sizes the window manager gives (a charts column 446 px wide
        // presenting), where the offscreen suite's (test_screen_fit) passed: Qt squeezed the axes into 40 % of the
        // chart, and tick labels read "1500...", a wrapped category label lay over its axis title, the legend kept
        // a hidden entry's share ("Processing t...").
        // With DFL_SHOT_DIR set, a picture of the screen with each tab shown, to look at.
        if (qEnvironmentVariableIsSet("DFL_SHOT_DIR"))
            w.screen()->grabWindow(0).save(QString("%1/%2-%3.png").arg(qEnvironmentVariable("DFL_SHOT_DIR"), name).arg(i));
        if (auto* panel = qobject_cast<ChartPanel*>(tabs->widget(i))) {
            const auto textProblems = [panel] {
                const auto& items = panel->drawnText().items();
                return cutText(items) + elidedText(items) + overlappingText(items);
            };
            // A tab shown for the first time lays its chart out a few times as the fits change its text; on two
            // busy cores (a compile beside the suite) that took longer than 150 ms. What stays is what counts.
            QTest::qWaitFor([&] { return textProblems().isEmpty(); }, 2000);
            for (const QString& p : textProblems()) problems << QString("\"%1\": %2").arg(tabs->tabText(i), p);
        }
    }
    return problems;
}

// Each module dock brought to the front in turn: text its views draw over other text or cut off.
QStringList moduleViewProblems(MainWindow& w) {
    QStringList problems;
    int checked = 0;
    for (QDockWidget* dock : w.moduleDocks()) {
        if (!dock->isVisible()) continue;
        dock->raise();
        QTest::qWait(100);
        for (QWidget* view : dock->findChildren<QWidget*>()) {
            auto* exposes = dynamic_cast<ExposesDrawnText*>(view);
            if (!exposes || !view->isVisible()) continue;
            view->repaint();
            ++checked;
            const auto& items = exposes->drawnText().items();
            for (const QString& p : overlappingText(items) + cutText(items))
                problems << QString("%1 (%2 x %3): %4").arg(dock->windowTitle()).arg(view->width()).arg(view->height()).arg(p);
        }
    }
    if (checked == 0) problems << "no module view that draws text was shown";
    return problems;
}

// Each parameter's label and editor value that the panel does not show whole, and a horizontal scroll bar.
QStringList unreadableParameters(const ParameterPanel& panel) {
    QStringList problems;
    const auto* scroll = panel.findChild<QScrollArea*>();
    if (scroll && scroll->horizontalScrollBar()->isVisible()) problems << "a horizontal scroll bar under the parameters";
    const QRect shown = scroll ? QRect(scroll->viewport()->mapTo(&panel, QPoint(0, 0)), scroll->viewport()->size()) : panel.rect();
    for (const QLabel* label : panel.findChildren<QLabel*>()) {
        if (!label->isVisible() || label->wordWrap()) continue;  // wrapped labels wrap rather than cut
        const QRect in = QRect(label->mapTo(&panel, QPoint(0, 0)), label->size()).intersected(shown);
        if (in.height() <= 0) continue;  // scrolled out of view: the panel scrolls vertically
        const int need = label->fontMetrics().horizontalAdvance(label->text());
        const int visible = in.width();
        if (std::min(label->contentsRect().width(), visible) < need)
            problems << QString("label \"%1\" %2 px shown of %3").arg(label->text()).arg(std::min(label->width(), visible)).arg(need);
    }
    for (const QLineEdit* line : panel.findChildren<QLineEdit*>()) {
        if (!line->isVisible() || line->text().isEmpty() || qobject_cast<const QSpinBox*>(line->parentWidget())) continue;
        const QRect in = QRect(line->mapTo(&panel, QPoint(0, 0)), line->size()).intersected(shown);
        if (in.height() <= 0) continue;
        const int need = line->fontMetrics().horizontalAdvance(line->text());
        const int visible = in.width();
        if (std::min(line->width(), visible) - 8 < need)  // the frame and the text margins
            problems << QString("value \"%1\" in a field %2 px shown, needs %3").arg(line->text()).arg(std::min(line->width(), visible)).arg(need);
    }
    return problems;
}

}  // namespace

class TestWindowManager : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        // CI installs Xvfb and openbox (scripts/install-deps.sh): there a missing display is a failure, not a skip.
        if (!xDisplayAvailable() && qEnvironmentVariable("CI") == "true")
            QFAIL("no X display on CI: is xvfb-run or openbox missing (scripts/install-deps.sh)?");
        if (!xDisplayAvailable())
            QSKIP("needs an X display with a window manager (CTest runs it under xvfb-run with openbox; README, "
                  "\"Building by hand\")");
        lecture::isolateSettings(settingsDir_.path(), "test_window_manager");
    }

    // The first start asks for 1600 x 1000 and fits the screen's available area, frame and title bar included: under
    // openbox the title bar pushed the status bar below an 800 px screen (offscreen there is no frame).
    void firstStartFitsTheScreenWithItsFrame() {
        QSettings().clear();
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openAndSettle(w, "pipeline-vgg-f-4stage.json"));
        const QRect available = w.screen()->availableGeometry();
        QVERIFY2(w.frameGeometry().top() > w.geometry().top() - 200 && w.frameGeometry() != w.geometry(),
                 qPrintable("no window manager frame: " + describe(w.frameGeometry())));  // the suite's premise
        QVERIFY2(available.contains(w.frameGeometry()),
                 qPrintable(QString("window with its frame %1 on a screen of %2").arg(describe(w.frameGeometry()), describe(available))));
    }

    // Start, maximise, quit, start again: a segfault in QMainWindow::restoreDockWidget on every start under openbox
    // (exit 139), until the saved layout was deleted. Each start comes up with its saved layout, on the screen.
    void maximiseQuitAndStartAgain() {
        QSettings().clear();
        for (int start = 0; start < 3; ++start) {
            MainWindow w;
            w.setInteractive(false);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(openAndSettle(w, "cgra-small-layer.json"));
            QVERIFY(!w.moduleDocks().isEmpty());
            for (QDockWidget* d : w.moduleDocks()) QVERIFY(w.dockWidgetArea(d) != Qt::NoDockWidgetArea);
            if (start == 0) {
                w.showMaximized();
                QTRY_VERIFY_WITH_TIMEOUT(w.isMaximized(), 5000);
                QTest::qWait(500);
            } else {
                QVERIFY2(!w.statusBar()->currentMessage().contains("Default window layout"),
                         qPrintable(w.statusBar()->currentMessage()));
            }
            QVERIFY(w.close());
        }
    }

    // Presenting is the screen, exactly: a window manager sizes a full-screen window no smaller than its minimum, and
    // the pipeline's Charts column (its stage names upright at 1.8 times the size) made the window 923 px tall on an
    // 800 px screen; convergence-fashion-cnn was 807 px.
    // And every chart and module view reads whole, in the window as it first starts (the Charts dock beside the
    // animation) and presenting.
    void chartsReadWholeInTheWindowAndPresenting_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<bool>("presenting");
        for (bool presenting : {false, true})
            for (const char* s : {"pipeline-vgg-f-4stage.json", "pipeline-schedules-vgg16.json", "cgra-small-layer.json",
                                  "cgra-alexnet-table2.json", "neurotrainer-small-cnn.json", "neurotrainer-scaling.json",
                                  "convergence-fashion-mlp.json", "tdnn-fashion-mnist.json"})
                QTest::addRow("%s %s", presenting ? "presenting" : "window", s) << s << presenting;
    }
    void chartsReadWholeInTheWindowAndPresenting() {
        QFETCH(QString, scenario);
        QFETCH(bool, presenting);
        QSettings().clear();
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openAndSettle(w, qPrintable(scenario)));
        const auto leave = qScopeGuard([&w] { w.presentationMode()->setActive(false); });
        const QRect screen = w.screen()->geometry();
        if (presenting) {
            w.presentationMode()->setActive(true);
            QTest::qWait(1500);  // full screen, the split, the charts rebuilt at the new size and fitted
            // The window's own area: openbox sometimes keeps its frame, outside the screen, around a window Qt then
            // sets to the screen's geometry (PresentationMode::splitWidth); what the room sees is the same.
            QTRY_VERIFY2_WITH_TIMEOUT(w.geometry() == screen,
                                      qPrintable(QString("presenting in %1 on a screen of %2 (the layout needs %3 x %4)")
                                                     .arg(describe(w.geometry()), describe(screen))
                                                     .arg(w.minimumSizeHint().width()).arg(w.minimumSizeHint().height())),
                                      5000);
        }
        // Qt sets a window to the screen even when its layout needs more (PresentationMode::splitWidth), and then
        // cuts off the bottom of the docks: the layout itself must fit, with any of the Charts dock's tabs shown.
        const QStringList problems = chartTabProblems(w, (presenting ? "presenting-" : "window-") + scenario) + moduleViewProblems(w);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ") + " in a window of " + describe(w.geometry()) +
                                                " on a screen of " + describe(screen)));
    }

    // dataflow-lab --presentation --screenshot: the picture of the full screen. With --presentation at launch, openbox's
    // first placement (the window inside its frame) could reach Qt after the full-screen one: the window stayed
    // 1278 x 775 inside a full-screen X window of 1280 x 800 (4 of 24 presentation screenshots with a fresh openbox,
    // 3 of 3 for the convergence lesson by script; PresentationMode::splitWidth now fits the screen every time). The
    // race did not happen inside this suite, before the fix either: this guards the outcome.
    void presentationScreenshotIsTheScreen() {
        QTemporaryDir dir;
        const QString shot = dir.filePath("presenting.png");
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
        app.setProcessEnvironment(env);
        app.start(DFL_APP_EXE, {"--presentation", "--size", "1280x800", "--view", "Convergence", "--cycle", "10", "--screenshot", shot,
                                lecture::scenarioPath("convergence-fashion-mlp.json")});
        QVERIFY2(app.waitForFinished(120000), "no screenshot within two minutes");
        QCOMPARE(app.exitCode(), 0);
        const QImage image(shot);
        QCOMPARE(image.size(), QGuiApplication::primaryScreen()->geometry().size());
    }

    // At 1280 x 800 under openbox the Parameters dock was ~130 px wide: labels read "frequency_mhz (I", the partition
    // "conv2, conv3, co", behind a horizontal scroll bar (offscreen the column stayed ~240 px wide). Every label and
    // value reads whole, on the first start and in a window sized to the screen before it is shown (as --screenshot
    // does).
    void parametersReadWhole_data() {
        QTest::addColumn<QSize>("sizeBeforeShow");
        QTest::newRow("first start") << QSize();
        QTest::newRow("sized 1280x800") << QSize(1280, 800);
    }
    void parametersReadWhole() {
        QFETCH(QSize, sizeBeforeShow);
        QSettings().clear();
        MainWindow w;
        w.setInteractive(false);
        if (sizeBeforeShow.isValid()) w.resize(sizeBeforeShow);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openAndSettle(w, "pipeline-vgg-f-4stage.json"));
        auto* panel = w.findChild<ParameterPanel*>();
        auto* dock = w.findChild<QDockWidget*>("dock.parameters");
        QVERIFY(panel && dock && dock->isVisible());
        QVERIFY(panel->editor("partition"));
        const QStringList problems = unreadableParameters(*panel);
        QVERIFY2(problems.isEmpty(), qPrintable(QString("Parameters dock %1 px wide in a window of %2 x %3: %4")
                                                    .arg(dock->width()).arg(w.width()).arg(w.height()).arg(problems.join("; "))));
    }
};

// The offscreen platform when there is no X display, only to report the skip.
int main(int argc, char** argv) {
    if (!xDisplayAvailable()) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestWindowManager test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_window_manager.moc"
