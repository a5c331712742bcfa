// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/gui_main.h"

#include "app/export_all.h"
#include "app/main_window.h"
#include "app/presentation_mode.h"
#include "app/paths.h"
#include "core/sim/input_error.h"
#include "views/simulation_controller.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QScreen>
#include <QTimer>

#include <iostream>
#include <memory>

namespace dfl {

namespace {

struct GuiOptions {
    QString scenario;  // or a session file
    QString screenshot;
    bool presentation = false;
    QSize size{1600, 1000};
    qint64 cycle = -1;  // with --screenshot: the cycle to show (default: where the scenario opens)
    QString view;       // the module view (dock title) to bring to the front, e.g. "Pipeline data movement"
};

GuiOptions parseGuiOptions(const QStringList& args) {
    GuiOptions o;
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == "--screenshot" && i + 1 < args.size()) o.screenshot = args[++i];
        else if (a == "--presentation") o.presentation = true;
        else if (a == "--view" && i + 1 < args.size()) o.view = args[++i];
        else if (a == "--cycle" && i + 1 < args.size()) o.cycle = args[++i].toLongLong();
        else if (a == "--size" && i + 1 < args.size()) {
            const QStringList wh = args[++i].split('x');
            if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0) o.size = {wh[0].toInt(), wh[1].toInt()};
        } else if (!a.startsWith("-")) o.scenario = a;
    }
    return o;
}

// Saves the window once the scenario's metrics and charts have arrived (or after a timeout), then quits.
void scheduleScreenshot(MainWindow& window, const QString& file, qint64 cycle) {
    auto save = [&window, file] {
        // Presenting: once the window is the screen (a lesson that reaches its cycle within a second can get here
        // before the window manager has made it full screen).
        QElapsedTimer waited;
        waited.start();
        while (window.presentationMode()->isActive() && window.screen() &&
               window.geometry() != window.screen()->geometry() && waited.elapsed() < 5000) {
            QEventLoop pause;
            QTimer::singleShot(50, &pause, &QEventLoop::quit);
            pause.exec();
        }
        window.repaint();
        QApplication::processEvents();
        const bool ok = window.grab().save(file);
        std::cerr << (ok ? "dataflow-lab: saved " : "dataflow-lab: cannot save ") << file.toStdString() << "\n";
        QApplication::exit(ok ? 0 : 3);
    };
    SimulationController* controller = window.controller();
    if (cycle < 0) {
        QObject::connect(controller, &SimulationController::metricsChanged, &window,
                         [save] { QTimer::singleShot(800, save); }, Qt::SingleShotConnection);
    } else {  // open, then go to the requested cycle, then save once the views have caught up
        QObject::connect(controller, &SimulationController::metricsChanged, &window,
                         [controller, cycle] { controller->seek(cycle); }, Qt::SingleShotConnection);
        QObject::connect(controller, &SimulationController::cycleChanged, &window,
                         [save, cycle](qint64 now, qint64, bool done) {
                             if (now == cycle || done) QTimer::singleShot(800, save);
                         });
    }
    QTimer::singleShot(15000, &window, save);
}

}  // namespace

int runGui(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Dataflow Lab");
    QApplication::setApplicationName("dataflow-lab");
    QApplication::setApplicationVersion(DFL_VERSION);
    const GuiOptions options = parseGuiOptions(QApplication::arguments());

    MainWindow window;
    if (!options.screenshot.isEmpty()) window.resize(options.size);
    window.show();
    // An autosave left behind means the last run did not close normally: offer it back before anything else.
    const bool restored = options.scenario.isEmpty() && options.screenshot.isEmpty() && window.restoreAutosave();
    if (!restored) {
        QString path = options.scenario;
        if (path.isEmpty()) path = window.lastScenario();
        if (path.isEmpty() || !QFileInfo::exists(path)) path = QString::fromStdString(defaultScenarioPath());
        window.open(path);
    }
    if (!options.view.isEmpty()) {
        // Once the module's docks exist (and have raised their first view), the one asked for.
        QObject::connect(window.controller(), &SimulationController::scenarioChanged, &window, [&window, options] {
            QTimer::singleShot(500, &window, [&window, options] {
                for (QDockWidget* d : window.moduleDocks())
                    if (d->windowTitle() == options.view) d->raise();
            });
        });
    }
    if (options.presentation) window.presentationMode()->setActive(true);
    if (!options.screenshot.isEmpty()) scheduleScreenshot(window, options.screenshot, options.cycle);
    return app.exec();
}

ExportWriter offscreenExportWriter(int& argc, char** argv) {
    std::shared_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance()) {
        qputenv("QT_QPA_PLATFORM", "offscreen");  // batch never shows a window and must run without a display
        app = std::make_shared<QApplication>(argc, argv);
        // Export lays the views out as if shown (never on a screen); the offscreen platform then says, per view,
        // that it has no window manager to pass size hints to. Noise on a batch run's standard error.
        static QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext& context, const QString& message) {
                if (message == QLatin1String("This plugin does not support propagateSizeHints()")) return;
                if (previous) previous(type, context, message);
            });
    }
    return [app](const ExportJob& job) {
        if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
            throw InputError("command line", "--charts", "drawing charts needs the GUI application object");
        exportAll(job);
    };
}

}  // namespace dfl
