// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/main_window.h"

#include "app/export_all.h"
#include "app/paths.h"
#include "app/presentation_mode.h"
#include "app/batch/batch_runner.h"
#include "app/batch/trace_file.h"
#include "app/window_layout.h"
#include "core/modules/module_registry.h"
#include "core/scenario/network_file_scenario.h"
#include "core/sim/input_error.h"
#include "views/build_progress_bar.h"
#include "views/chart_export.h"
#include "views/chart_panel.h"
#include "views/charts_view.h"
#include "views/comparison_dialog.h"
#include "views/comparison_view.h"
#include "views/dialog_folder.h"
#include "views/metrics_view.h"
#include "views/module_view_registry.h"
#include "views/network_view.h"
#include "views/parameter_panel.h"
#include "views/quick_start.h"
#include "views/scenario_browser.h"
#include "views/transport_bar.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QScreen>
#include <QMoveEvent>
#include <QShowEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>

namespace dfl {

namespace {
constexpr int kMaxRecent = 8;
constexpr int kAutosaveMs = 3 * 60 * 1000;
QString sessionFilter() { return QObject::tr("Dataflow Lab sessions (*.dflsession);;All files (*)"); }
QString q(const std::string& s) { return QString::fromStdString(s); }
constexpr int kNoticeMs = 15000;
QString layoutKey(const std::string& module) { return "window/layout/" + QString::fromStdString(module); }


QString describe(const InputError& e, const QString& path) {
    QString details = QObject::tr("File: %1").arg(q(e.file().empty() ? path.toStdString() : e.file()));
    if (!e.place().empty()) details += "\n" + QObject::tr("Where: %1").arg(q(e.place()));
    return details + "\n" + QObject::tr("Why: %1").arg(q(e.reason()));
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName("mainWindow");
    setWindowTitle(tr("Dataflow Lab"));
    setDockNestingEnabled(true);
    controller_ = new SimulationController(this);
    undo_ = new QUndoStack(this);

    transport_ = new TransportBar(controller_, this);
    addToolBar(Qt::TopToolBarArea, transport_);

    // The docks fill the window; an empty central widget would only take space from them.
    auto* central = new QWidget(this);
    setCentralWidget(central);
    central->hide();

    browser_ = new ScenarioBrowser(this);
    browser_->setDirectory(q(scenariosDirectory()));
    connect(browser_, &ScenarioBrowser::openRequested, this, [this](const QString& p) { openScenario(p); });
    network_ = new NetworkView(controller_, this);
    metrics_ = new MetricsView(controller_, this);
    charts_ = new ChartsView(controller_, this);
    charts_->setShownElsewhere([this](const std::string& id) {
        for (QDockWidget* dock : moduleDocks_)
            for (const ChartPanel* panel : dock->findChildren<ChartPanel*>())
                if (panel->spec().id == id) return true;
        return false;
    });
    params_ = new ParameterPanel(controller_, undo_, this);
    browserDock_ = addDock(tr("Scenarios"), "dock.scenarios", browser_);
    paramsDock_ = addDock(tr("Parameters"), "dock.parameters", params_);
    networkDock_ = addDock(tr("Network"), "dock.network", network_);
    chartsDock_ = addDock(tr("Charts"), "dock.charts", charts_);
    metricsDock_ = addDock(tr("Metrics"), "dock.metrics", metrics_);
    arrangeDocks();

    cycleLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(cycleLabel_);
    // A model that takes long to build (tdnn trains when it opens): progress and Cancel, the window stays usable.
    statusBar()->addPermanentWidget(new BuildProgressBar(controller_, this));
    connect(controller_, &SimulationController::buildFinished, this, [this](bool cancelled) {
        if (!cancelled) return;
        pendingPath_.clear();
        statusBar()->showMessage(tr("Cancelled: the scenario open before stays"), 8000);
    });
    connect(controller_, &SimulationController::seekFinished, this, [this](bool cancelled) {
        if (cancelled) statusBar()->showMessage(tr("Replay stopped at cycle %1").arg(controller_->cycle()), 8000);
    });
    presentation_ = new PresentationMode(this, transport_, [this] {
        // The animations and the charts: what a class looks at (the network when a module has no animation).
        QList<QDockWidget*> keep = moduleDocks_.isEmpty() ? QList<QDockWidget*>{networkDock_} : moduleDocks_;
        keep << chartsDock_;
        return keep;
    });
    transport_->addSeparator();
    transport_->addAction(presentation_->toggleAction());
    buildMenus();

    autosaveTimer_.setInterval(kAutosaveMs);
    connect(&autosaveTimer_, &QTimer::timeout, this, &MainWindow::autosave);
    autosaveTimer_.start();

    connect(controller_, &SimulationController::scenarioChanged, this, &MainWindow::onScenarioChanged);
    connect(controller_, &SimulationController::cycleChanged, this, &MainWindow::updateStatus);
    connect(controller_, &SimulationController::runningChanged, this,
            [this] { updateStatus(controller_->cycle(), controller_->expectedCycles(), controller_->isDone()); });
    connect(controller_, &SimulationController::error, this, [this](const QString& message) {
        const QString file = pendingPath_;
        pendingPath_.clear();
        showError(file.isEmpty() ? tr("Cannot apply the change") : tr("Cannot open %1").arg(QFileInfo(file).fileName()),
                  message);
    });

    // The dock layout is restored per module once its docks exist (restoreModuleLayout); the geometry now, and
    // fitted to the screen when the window is shown.
    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1600, 1000);
    if (settings.contains("window/state")) {  // the unchecked layout of versions before issue 12: never restored
        settings.remove("window/state");
        statusBar()->showMessage(tr("Default window layout: the layout saved by an older version is not used"), kNoticeMs);
    }
    updateStatus(0, -1, false);
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    return dock;
}

// Three columns: lessons and parameters | the network and the module's animation | charts over metrics.
void MainWindow::arrangeDocks() {
    addDockWidget(Qt::LeftDockWidgetArea, browserDock_);
    splitDockWidget(browserDock_, paramsDock_, Qt::Vertical);
    addDockWidget(Qt::RightDockWidgetArea, networkDock_);
    splitDockWidget(networkDock_, chartsDock_, Qt::Horizontal);
    splitDockWidget(chartsDock_, metricsDock_, Qt::Vertical);
    resizeDocks({browserDock_, networkDock_, chartsDock_}, {300, 720, 580}, Qt::Horizontal);
    resizeDocks({browserDock_, paramsDock_}, {520, 380}, Qt::Vertical);
    resizeDocks({chartsDock_, metricsDock_}, {520, 380}, Qt::Vertical);
    defaultLayout_ = true;
    balanceColumns();
}

void MainWindow::balanceColumns() {
    if (!defaultLayout_ || (presentation_ && presentation_->isActive())) return;
    // About a fifth for the scenarios and parameters and a third for the charts, within bounds; the module's
    // views get the rest. Their minimum widths are kept within what this leaves at 1280 px (test_screen_fit).
    const int total = width();
    const int side = std::clamp(total * 18 / 100, kLeastSideColumn, 300);
    const int charts = std::clamp(total * 32 / 100, kLeastChartsColumn, 580);
    resizeDocks({browserDock_, networkDock_, chartsDock_}, {side, std::max(1, total - side - charts), charts}, Qt::Horizontal);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseAndOpen);
    file->addAction(tr("Open &Session…"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::chooseAndOpenSession);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    // Ctrl+R, not QKeySequence::Refresh: that is F5 on Linux, which starts presentation mode (issue 12).
    file->addAction(tr("&Reload"), QKeySequence(tr("Ctrl+R")), this, [this] {
        if (auto s = controller_->scenario(); s && !s->file.empty()) openScenario(q(s->file));
    });
    file->addSeparator();
    file->addAction(tr("&Save Session"), QKeySequence::Save, this, [this] { chooseAndSaveSession(false); });
    file->addAction(tr("Save Session &As…"), QKeySequence::SaveAs, this, [this] { chooseAndSaveSession(true); });
    file->addSeparator();
    file->addAction(tr("&Export All…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::chooseAndExport);
    file->addAction(tr("Export &Trace…"), this, &MainWindow::chooseAndExportTrace);
    file->addAction(tr("&Compare Configurations…"), QKeySequence(tr("Ctrl+K")), this, &MainWindow::chooseAndCompare);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    updateRecentMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* sim = menuBar()->addMenu(tr("&Simulation"));
    sim->addAction(transport_->runAction());
    sim->addAction(transport_->stepAction());
    sim->addAction(transport_->stepBackAction());
    sim->addAction(transport_->resetAction());
    sim->addAction(transport_->endAction());

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    viewMenu_->addAction(presentation_->toggleAction());
    viewMenu_->addAction(transport_->toggleViewAction());
    viewMenu_->addSeparator();
    for (QDockWidget* d : {browserDock_, paramsDock_, networkDock_, chartsDock_, metricsDock_})
        viewMenu_->addAction(d->toggleViewAction());
    viewMenu_->addSeparator();  // module docks are listed after this

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    // F1 from any view: the open module's quick start.
    QAction* quick = help->addAction(tr("&Quick Start for This Module"), QKeySequence::HelpContents, this, &MainWindow::showQuickStart);
    quick->setObjectName("action.quickStart");
    quick->setShortcutContext(Qt::WindowShortcut);
    help->addAction(tr("&About Dataflow Lab"), this, [this] {
        QMessageBox::about(this, tr("About Dataflow Lab"),
                           tr("<b>Dataflow Lab %1</b><p>A teaching simulator of deep-learning hardware.</p>"
                              "<p>Space: run/pause · Right or Page Down: step · Left or Page Up: step back · Home: reset · "
                              "End: last cycle (from anywhere but a text box; Enter leaves the cycle box)</p>"
                              "<p>F5: presentation mode (Space/Right step, Left back, P run/pause, Esc leaves)</p>"
                              "<p>Free software under the GNU GPL, version 3 or later (GPL-3.0-or-later).</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::showQuickStart() {
    const std::string module = controller_->scenario() ? controller_->scenario()->module : std::string();
    lastQuickStart_ = quickStartHtml(module);
    if (!interactive_) return;
    auto* box = new QMessageBox(QMessageBox::Information, tr("Quick start"), lastQuickStart_, QMessageBox::Ok, this);
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::openScenario(const QString& path) {
    try {
        const std::string file = path.toStdString();  // an ONNX or SCALE-Sim file opens as a network lesson
        const Scenario scenario = isNetworkFile(file) ? networkFileScenario(file) : loadScenarioFile(file);
        pendingPath_ = path;
        controller_->loadScenario(scenario);
        return true;
    } catch (const InputError& e) {
        showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), describe(e, path));
        return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), q(e.what()));
        return false;
    }
}

void MainWindow::showError(const QString& title, const QString& text, const QString& details) {
    lastError_ = title + "\n" + text + (details.isEmpty() ? "" : "\n" + details);
    statusBar()->showMessage(title, 10000);
    if (!interactive_) return;
    auto* box = new QMessageBox(QMessageBox::Warning, title, title, QMessageBox::Ok, this);
    box->setInformativeText(text);
    if (!details.isEmpty()) box->setDetailedText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();  // window-modal but not blocking: the simulation and tests keep going
}

void MainWindow::onScenarioChanged(ScenarioPtr scenario) {
    if (!scenario) return;
    const bool newFile = !pendingPath_.isEmpty();
    pendingPath_.clear();
    setWindowTitle(tr("%1 — Dataflow Lab").arg(q(scenario->name)));
    if (newFile) {
        undo_->clear();  // edits of another scenario cannot be undone here
        // A scenario opened on its own is a new document: Save asks for a name instead of writing over the session
        // file that held the document before (issue 12). A session keeps its file.
        if (!pendingSession_) sessionPath_.clear();
        if (!scenario->file.empty()) {
            const QString file = QFileInfo(q(scenario->file)).absoluteFilePath();
            QSettings().setValue("scenario/last", file);
            rememberRecent(file);
            browser_->setCurrentFile(file);
        }
    }
    if (scenario->module != moduleOfDocks_) rebuildModuleDocks(scenario->module);
    if (pendingSession_) {
        applySessionViews(*pendingSession_);
        pendingSession_.reset();
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!fittedToScreen_) {
        fittedToScreen_ = true;
        fitToScreen();
    }
}

void MainWindow::moveEvent(QMoveEvent* event) {
    QMainWindow::moveEvent(event);
    // A window manager adds its frame (the title bar) after the window was shown and fitted without it: a window as
    // tall as a 1280 x 800 screen then had its status bar below the screen's edge. Fit once more with the frame.
    if (fittedToScreen_ && !fittedWithFrame_ && frameGeometry() != geometry()) {
        fittedWithFrame_ = true;
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

void MainWindow::childEvent(QChildEvent* event) {
    QMainWindow::childEvent(event);
    // Qt makes a tab bar for docks tabbed together and elides their titles to fit ("Netw…", "Pipeline sched…" at
    // 1280 x 800): whole titles, with scroll buttons when they do not all fit. Polished: constructed by now.
    if (event->type() == QEvent::ChildPolished)
        if (auto* bar = qobject_cast<QTabBar*>(event->child())) {
            bar->setElideMode(Qt::ElideNone);
            bar->setUsesScrollButtons(true);
        }
}

void MainWindow::fitToScreen() {
    // Never larger than the screen's free area (a saved geometry may come from a larger screen; the first start
    // asks for 1600 x 1000): the frame included, and moved onto the screen.
    if (isMaximized() || isFullScreen() || !screen()) return;
    const QRect available = screen()->availableGeometry();
    const QSize frame = frameGeometry().size() - size();
    const QSize fitted = size().boundedTo(available.size() - frame);
    if (fitted != size()) resize(fitted);
    // After the resize has reached the docks.
    QTimer::singleShot(0, this, &MainWindow::balanceColumns);
    QRect placed = frameGeometry();
    placed.moveLeft(std::clamp(placed.left(), available.left(), std::max(available.left(), available.right() - placed.width() + 1)));
    placed.moveTop(std::clamp(placed.top(), available.top(), std::max(available.top(), available.bottom() - placed.height() + 1)));
    if (placed.topLeft() != frameGeometry().topLeft()) move(placed.topLeft());
}

void MainWindow::placeModuleDocksByDefault() {
    QDockWidget* previous = networkDock_;
    for (QDockWidget* dock : moduleDocks_) {
        addDockWidget(Qt::RightDockWidgetArea, dock);
        tabifyDockWidget(previous, dock);
        dock->show();
        previous = dock;
    }
}

void MainWindow::useDefaultLayout(const QString& reason) {
    for (QDockWidget* d : {browserDock_, paramsDock_, networkDock_, chartsDock_, metricsDock_}) d->show();
    arrangeDocks();
    placeModuleDocksByDefault();
    transport_->show();
    if (!moduleDocks_.isEmpty()) QTimer::singleShot(0, moduleDocks_.front(), &QDockWidget::raise);
    statusBar()->showMessage(tr("Default window layout: %1").arg(reason), kNoticeMs);
}

bool MainWindow::restoreLayout(const QByteArray& saved, const std::string& module) {
    const UnwrappedLayout layout = unwrapWindowLayout(saved, module);
    if (layout.qtState && restoreState(*layout.qtState)) {
        defaultLayout_ = false;
        return true;
    }
    useDefaultLayout(layout.problem.isEmpty() ? tr("Qt could not read the saved layout") : layout.problem);
    return false;
}

void MainWindow::saveModuleLayout() {
    if (moduleOfDocks_.empty() || presentation_->isActive()) return;  // the lecture layout is not the user's
    QSettings().setValue(layoutKey(moduleOfDocks_), wrapWindowLayout(saveState(), moduleOfDocks_));
}

void MainWindow::restoreModuleLayout(const std::string& module) {
    QSettings settings;
    const QByteArray saved = settings.value(layoutKey(module)).toByteArray();
    if (saved.isEmpty()) return;  // never saved for this module: the default layout
    if (!restoreLayout(saved, module)) settings.remove(layoutKey(module));  // do not stumble over it again
}

void MainWindow::rebuildModuleDocks(const std::string& module) {
    saveModuleLayout();  // coming back to this module brings its layout back
    for (QDockWidget* d : moduleDocks_) {
        viewMenu_->removeAction(d->toggleViewAction());
        removeDockWidget(d);
        d->deleteLater();
    }
    moduleDocks_.clear();
    moduleOfDocks_ = module;
    const ModuleViewContext context{controller_, undo_};
    for (const ModuleViewFactory& f : moduleViews(module)) {
        QWidget* view = f.create(context, this);
        if (!view) continue;
        QDockWidget* dock = addDock(q(f.dockTitle), q("dock.module." + module + "." + f.dockTitle), view);
        viewMenu_->addAction(dock->toggleViewAction());
        moduleDocks_ << dock;
    }
    // By the network; then, all docks present, the layout saved for this module (checked first: restoring a
    // layout into docks it was not saved for, through restoreDockWidget, crashed at every start).
    placeModuleDocksByDefault();
    restoreModuleLayout(module);
    // The default layout (nothing saved for this module): the columns shared again beside the new views.
    QTimer::singleShot(0, this, &MainWindow::balanceColumns);
    presentation_->docksChanged();  // while presenting: the new docks as the old ones were
    // The animation first, the network a tab away; after the dock layout has settled, or it raises nothing.
    if (!moduleDocks_.isEmpty()) QTimer::singleShot(0, moduleDocks_.front(), &QDockWidget::raise);
}

void MainWindow::updateStatus(qint64 cycle, qint64 expected, bool done) {
    QString text = expected >= 0 ? tr("Cycle %1 of %2").arg(cycle).arg(expected) : tr("Cycle %1").arg(cycle);
    if (controller_->isRunning()) text += tr(" — running");
    else if (done && expected != 0) text += tr(" — done");
    cycleLabel_->setText(text);
}

QString MainWindow::lastScenario() const { return QSettings().value("scenario/last").toString(); }

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("scenario/recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue("scenario/recent", recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value("scenario/recent").toStringList();
    for (const QString& path : recent)
        recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { open(path); })->setToolTip(path);
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::chooseAndOpen() {
    QString dir = q(scenariosDirectory());
    if (auto s = controller_->scenario(); s && !s->file.empty()) dir = QFileInfo(q(s->file)).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), dir, tr("Scenarios (*.json);;Networks: ONNX, SCALE-Sim CSV (*.onnx *.csv);;All files (*)"));
    if (!path.isEmpty()) openScenario(path);
}

void MainWindow::chooseAndExport() {
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all into"), dialogStartFolder("charts/lastExportDir"));
    if (dir.isEmpty()) return;
    settings.setValue("charts/lastExportDir", dir);
    if (exportAll(dir)) statusBar()->showMessage(tr("Charts, views and index.md written to %1").arg(dir), 8000);
}

std::optional<ExportResult> MainWindow::exportAll(const QString& directory) {
    // The worker's model as it is (scenario, cycle, state and charts of one moment): the export loads that state
    // into a model rebuilt from the scenario instead of replaying — a training module does not train twice.
    constexpr int kSnapshotWaitMs = 2000;
    std::optional<SimulationController::Snapshot> snapshot;
    try {
        snapshot = controller_->snapshot(kSnapshotWaitMs);
    } catch (const std::exception& e) {
        showError(tr("Export failed"), tr("The model could not save its state: %1").arg(q(e.what())));
        return std::nullopt;
    }
    if (!snapshot) {
        showError(tr("Export all"), tr("The simulation is busy (building a model or replaying a long way); "
                                       "export again when it has finished."));
        return std::nullopt;
    }
    if (!snapshot->scenario) {
        showError(tr("Nothing to export"), tr("No scenario is open."));
        return std::nullopt;
    }
    ExportJob job{*snapshot->scenario, snapshot->cycle, *snapshot->charts, directory.toStdString(), {}, std::nullopt};
    job.modelState = std::move(snapshot->state);
    for (const QString& f : chartExportFormats()) job.chartFormats.push_back(f.toStdString());
    // Rebuilding the model can take long (tdnn trains when it is built): its progress and Cancel in the status bar.
    std::unique_ptr<BuildProgressBar> progress;
    auto showProgress = [&](SimulationController& c) {
        progress = std::make_unique<BuildProgressBar>(&c);
        statusBar()->addWidget(progress.get());
    };
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try {
        ExportResult result = dfl::exportAll(job, {1600, 1000}, showProgress);
        QApplication::restoreOverrideCursor();
        return result;
    } catch (const std::exception& e) {
        QApplication::restoreOverrideCursor();
        showError(tr("Export failed"), q(e.what()));
        return std::nullopt;
    }
}

// The run so far as a Trace Event Format file for Perfetto UI or chrome://tracing (app/batch/trace_file.h).
void MainWindow::chooseAndExportTrace() {
    const auto snapshot = controller_->snapshot(2000);
    if (!snapshot || !snapshot->scenario) {
        showError(tr("Export trace"), snapshot ? tr("No scenario is open.") : tr("The simulation is busy; try again when it has finished."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export trace"), QString(), tr("Trace Event Format (*.json)"));
    if (path.isEmpty()) return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try {
        writeTextFile(path.toStdString(), traceJsonAt(*snapshot->scenario, snapshot->state));
        QApplication::restoreOverrideCursor();
        statusBar()->showMessage(tr("Trace written to %1 (open it in ui.perfetto.dev)").arg(path), 8000);
    } catch (const std::exception& e) {
        QApplication::restoreOverrideCursor();
        showError(tr("Export trace failed"), q(e.what()));
    }
}

bool MainWindow::open(const QString& path) {
    return looksLikeSessionFile(path.toStdString()) ? openSession(path) : openScenario(path);
}

Session MainWindow::currentSession() const {
    Session session = makeSession(*controller_->scenario(), controller_->cycle());
    for (QDockWidget* d : findChildren<QDockWidget*>())
        if (d->parentWidget() == this && d->isVisible()) session.openViews.push_back(d->objectName().toStdString());
    std::sort(session.openViews.begin(), session.openViews.end());
    session.windowLayout = wrapWindowLayout(saveState(), moduleOfDocks_).toStdString();
    return session;
}

bool MainWindow::saveSession(const QString& path) {
    if (!controller_->scenario()) {
        showError(tr("Nothing to save"), tr("No scenario is open."));
        return false;
    }
    try {
        writeSessionFile(currentSession(), path.toStdString());
    } catch (const InputError& e) {
        showError(tr("Cannot save %1").arg(QFileInfo(path).fileName()), describe(e, path));
        return false;
    }
    sessionPath_ = path;
    QSettings().setValue("session/lastDir", QFileInfo(path).absolutePath());
    rememberRecent(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(tr("Session saved to %1").arg(path), 8000);
    return true;
}

bool MainWindow::openSession(const QString& path) {
    try {
        // Everything that can fail happens before the controller is touched: on any error the open scenario,
        // its cycle and its views stay exactly as they were.
        const Session session = readSessionFile(path.toStdString());
        const Scenario scenario = sessionScenario(session);
        std::unique_ptr<ClockedModel> model = createModel(scenario);
        pendingPath_ = path;
        pendingSession_ = session;
        controller_->loadModel(std::move(model), scenario);
        controller_->seek(session.cycle);
        sessionPath_ = path;
        if (path != autosavePath()) rememberRecent(QFileInfo(path).absoluteFilePath());
        return true;
    } catch (const InputError& e) {
        showError(tr("Cannot open session %1").arg(QFileInfo(path).fileName()), describe(e, path));
        return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot open session %1").arg(QFileInfo(path).fileName()), q(e.what()));
        return false;
    }
}

void MainWindow::applySessionViews(const Session& session) {
    if (!session.windowLayout.empty()) restoreLayout(QByteArray::fromStdString(session.windowLayout), moduleOfDocks_);
    if (session.openViews.empty()) return;
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
        if (d->parentWidget() != this) continue;
        const std::string name = d->objectName().toStdString();
        d->setVisible(std::find(session.openViews.begin(), session.openViews.end(), name) != session.openViews.end());
    }
}

void MainWindow::chooseAndOpenSession() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), dialogStartFolder("session/lastDir"),
                                                      sessionFilter());
    if (!path.isEmpty()) openSession(path);
}

void MainWindow::chooseAndSaveSession(bool askForName) {
    QString path = askForName || sessionPath_.isEmpty() || sessionPath_ == autosavePath() ? QString() : sessionPath_;
    if (path.isEmpty()) {
        QString suggested = "lesson.dflsession";
        if (auto s = controller_->scenario(); s && !s->file.empty())
            suggested = QFileInfo(q(s->file)).completeBaseName() + ".dflsession";
        suggested = QDir(dialogStartFolder("session/lastDir")).filePath(suggested);
        path = askSavePath_ ? askSavePath_(suggested)
                            : QFileDialog::getSaveFileName(this, tr("Save session"), suggested, sessionFilter());
        if (path.isEmpty()) return;
        if (!path.contains('.')) path += ".dflsession";
    }
    saveSession(path);
}

ComparisonView* MainWindow::openComparison(const Scenario& b) {
    const ScenarioPtr a = controller_->scenario();
    if (!a) return nullptr;
    try {
        auto* view = new ComparisonView(*a, b, this);
        view->setWindowFlag(Qt::Window);
        view->setAttribute(Qt::WA_DeleteOnClose);
        view->show();
        return view;
    } catch (const InputError& e) {
        showError(tr("Cannot compare"), describe(e, q(b.file)));
        return nullptr;
    }
}

void MainWindow::chooseAndCompare() {
    const ScenarioPtr a = controller_->scenario();
    if (!a) return;
    ComparisonDialog dialog(*a, q(scenariosDirectory()), this);
    if (dialog.exec() != QDialog::Accepted) return;
    try {
        openComparison(dialog.chosen());
    } catch (const InputError& e) {
        showError(tr("Cannot compare"), describe(e, QString()));
    }
}

QString MainWindow::autosavePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath("autosave.dflsession");
}

void MainWindow::autosave() {
    if (!controller_->scenario() || presentation_->isActive()) return;  // the layout in a lecture is not the user's
    try {
        writeSessionFile(currentSession(), autosavePath().toStdString());
    } catch (const InputError& e) {
        statusBar()->showMessage(tr("Autosave failed: %1").arg(q(e.what())), 8000);
    }
}

bool MainWindow::autosaveAvailable() const { return QFileInfo::exists(autosavePath()); }

bool MainWindow::restoreAutosave() {
    if (!autosaveAvailable()) return false;
    if (interactive_) {
        const QString when = QFileInfo(autosavePath()).lastModified().toString(Qt::TextDate);
        const auto answer = QMessageBox::question(
            this, tr("Restore the last session?"),
            tr("Dataflow Lab did not close normally last time. Restore the session autosaved at %1?").arg(when),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer != QMessageBox::Yes) {
            QFile::remove(autosavePath());
            return false;
        }
    }
    return openSession(autosavePath());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    presentation_->setActive(false);  // save the desk layout, not the lecture one
    QFile::remove(autosavePath());    // a clean close: nothing to offer back next time
    QSettings().setValue("window/geometry", saveGeometry());
    saveModuleLayout();
    QMainWindow::closeEvent(event);
}

}  // namespace dfl
