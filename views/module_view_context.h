// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a module's view is given when it is made (docs/architecture.md "Threading model"). A view reads everything
// from the controller's signals (frameReady, cycleRecorded, metricsChanged, scenarioChanged) and changes the model
// only through the controller's slots or by pushing a ParamEditCommand onto the undo stack (param_edit_command.h).
// Views include this header, never module_view_registry.h, which lists them.

class QUndoStack;

namespace dfl {

class SimulationController;

// The undo stack belongs to the main window.
struct ModuleViewContext {
    SimulationController* controller = nullptr;
    QUndoStack* undoStack = nullptr;
};

}  // namespace dfl
