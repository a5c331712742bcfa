// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The main window: one dock per view (scenario browser, network, metrics, charts, parameters, and the current
// module's animated views from the registry), the transport toolbar, menus, status bar and saved settings.
// It owns the SimulationController and the undo stack; views get them, nothing else.

#include "app/export_all.h"
#include "app/session.h"
#include "views/simulation_controller.h"

#include <QMainWindow>
#include <QTimer>

#include <functional>
#include <optional>

class QDockWidget;
class QLabel;
class QMenu;
class QUndoStack;

namespace dfl {

class ChartsView;
class ComparisonView;
class MetricsView;
class PresentationMode;
class NetworkView;
class ParameterPanel;
class ScenarioBrowser;
class TransportBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The default layout's columns at the window's width (balanceColumns): the scenarios and parameters, and the
    // charts and metrics, never narrower than these (pixels at presentation scale 1) while the window is wide
    // enough for them beside the module's views.
    static constexpr int kLeastSideColumn = 200;
    static constexpr int kLeastChartsColumn = 380;

    // Parses the file and hands it to the controller. Bad input: an error dialog naming the file, the place and
    // the reason, and the open scenario stays; returns false. (Model construction errors arrive later through
    // the controller's error signal, with the same effect.)
    bool openScenario(const QString& path);
    // A session file (app/session.h) or a scenario, told apart by the file's first line.
    bool open(const QString& path);
    // Restores the session's scenario with its edits, its cycle and its open views. A newer-format, truncated or
    // damaged file: an error dialog, and the open scenario, cycle and views stay as they were; returns false.
    bool openSession(const QString& path);
    // Writes the current moment (atomically); returns false after an error dialog.
    bool saveSession(const QString& path);
    // Export all (app/export_all.h): every chart as PNG, SVG, PDF and CSV, a snapshot of each animated view at the
    // current cycle, and index.md. The views show the window's model state, loaded into a rebuilt model: nothing
    // is replayed or retrained. Nullopt after an error dialog (also when the simulation is too busy to answer).
    std::optional<ExportResult> exportAll(const QString& directory);
    // Opens a side-by-side comparison of the current scenario (A) with `b` in its own window.
    ComparisonView* openComparison(const Scenario& b);

    // Autosave: every few minutes to autosavePath(); removed on a clean close, so a file found at start-up means
    // the last run ended abnormally and is offered back (restoreAutosave).
    static QString autosavePath();
    void autosave();
    bool autosaveAvailable() const;
    bool restoreAutosave();  // asks first when interactive; true when it was restored

    // Tests turn dialogs off; errors still land in lastError() and the status bar.
    void setInteractive(bool interactive) { interactive_ = interactive; }
    // Tests answer the Save As dialog (the suggested path in, the chosen one out; empty cancels).
    void setSavePathQuestion(std::function<QString(const QString& suggested)> ask) { askSavePath_ = std::move(ask); }
    QString lastError() const { return lastError_; }
    QString lastScenario() const;  // from the settings

    SimulationController* controller() const { return controller_; }
    QUndoStack* undoStack() const { return undo_; }
    ScenarioBrowser* scenarioBrowser() const { return browser_; }
    NetworkView* networkView() const { return network_; }
    MetricsView* metricsView() const { return metrics_; }
    ChartsView* chartsView() const { return charts_; }
    ParameterPanel* parameterPanel() const { return params_; }
    TransportBar* transportBar() const { return transport_; }
    QList<QDockWidget*> moduleDocks() const { return moduleDocks_; }
    PresentationMode* presentationMode() const { return presentation_; }
    QString sessionPath() const { return sessionPath_; }
    // Help → Quick Start (F1): the open module's; the text shown last (tests).
    void showQuickStart();
    QString lastQuickStart() const { return lastQuickStart_; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void moveEvent(QMoveEvent* event) override;  // the window manager's frame arrives: fit the screen again
    void childEvent(QChildEvent* event) override;  // the tab bars of tabbed docks: whole titles

private:
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget);
    void buildMenus();
    void arrangeDocks();
    // Shares the width between the three columns of the default layout: Qt gives a resize's whole difference to
    // some docks, and beside a wide module view the charts were left ~230 px at 1280 x 800. Not after a layout
    // of the user's was restored.
    void balanceColumns();
    void onScenarioChanged(ScenarioPtr scenario);
    void rebuildModuleDocks(const std::string& module);
    void placeModuleDocksByDefault();  // tabbed with the network view
    // Window layouts (app/window_layout.h): checked, per module; anything unusable gives the default layout and
    // a status-bar message saying why.
    bool restoreLayout(const QByteArray& saved, const std::string& module);
    void useDefaultLayout(const QString& reason);
    void saveModuleLayout();
    void restoreModuleLayout(const std::string& module);
    void fitToScreen();
    void showError(const QString& title, const QString& text, const QString& details = {});
    void rememberRecent(const QString& path);
    void updateRecentMenu();
    void chooseAndOpen();
    void chooseAndExport();
    void chooseAndExportTrace();
    void chooseAndOpenSession();
    void chooseAndSaveSession(bool askForName);
    void chooseAndCompare();
    Session currentSession() const;
    void applySessionViews(const Session& session);
    void updateStatus(qint64 cycle, qint64 expected, bool done);

    SimulationController* controller_;
    QUndoStack* undo_;
    TransportBar* transport_;
    ScenarioBrowser* browser_;
    NetworkView* network_;
    MetricsView* metrics_;
    ChartsView* charts_;
    ParameterPanel* params_;
    QDockWidget *browserDock_, *networkDock_, *metricsDock_, *chartsDock_, *paramsDock_;
    QList<QDockWidget*> moduleDocks_;
    std::string moduleOfDocks_;
    QMenu* viewMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* cycleLabel_;
    QString pendingPath_;  // the file being opened, until the controller confirms it
    std::optional<Session> pendingSession_;  // views to restore once its scenario has arrived
    QString sessionPath_;  // the session file last opened or saved ("Save Session" writes here)
    PresentationMode* presentation_ = nullptr;
    QTimer autosaveTimer_;
    QString lastError_;
    bool interactive_ = true;
    bool fittedToScreen_ = false;
    bool fittedWithFrame_ = false;  // fitted once more after the window manager added its frame
    bool defaultLayout_ = true;     // the docks as arrangeDocks placed them, not a layout the user saved
    std::function<QString(const QString&)> askSavePath_;
    QString lastQuickStart_;
};

}  // namespace dfl
