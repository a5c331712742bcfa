#pragma once
// Which animated views a module has. The main window asks for the current scenario's module and makes one dock
// per entry; a module engineer adds one line per view in module_view_registry.cpp.
//
// A view gets the controller and reads everything from its signals (frameReady, cycleRecorded, metricsChanged,
// scenarioChanged); it changes the model only through the controller's slots or by pushing a ParamEditCommand
// onto the undo stack (see param_edit_command.h).

#include <QString>

#include <functional>
#include <string>
#include <vector>

class QUndoStack;
class QWidget;

namespace dfl {

class SimulationController;

// What a view is given when it is made. The undo stack belongs to the main window.
struct ModuleViewContext {
    SimulationController* controller = nullptr;
    QUndoStack* undoStack = nullptr;
};

struct ModuleViewFactory {
    std::string dockTitle;  // also the dock's object name (saved window layout), so keep it stable
    std::function<QWidget*(const ModuleViewContext& context, QWidget* parent)> create;
};

// The module's views in display order; empty for modules without one (e.g. "network").
std::vector<ModuleViewFactory> moduleViews(const std::string& module);

}  // namespace dfl
