// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An undoable parameter change: redo applies the new values through the controller (which rebuilds the model
// and returns to the same cycle), undo applies the values the parameters had just before the redo took effect.
// Those are read on the worker thread when the edit applies, not from the GUI thread's copy of the scenario, which
// lags edits still queued: two quick edits of one key must undo to the first one's value, not the original.
// Views push one onto the main window's QUndoStack, e.g. a pipeline partition drag:
//   undoStack->push(new ParamEditCommand(controller, {{"partition", newPartition}}, tr("Move conv3 to stage 2")));
// Validate first with editScenario (core/scenario/scenario_edit.h) to reject bad input before it reaches the stack.

#include "views/simulation_controller.h"

#include <QUndoCommand>

namespace dfl {

class ParamEditCommand : public QUndoCommand {
public:
    ParamEditCommand(SimulationController* controller, ParamEdits edits, const QString& text = {},
                     QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;

    const ParamEdits& newValues() const { return new_; }

private:
    SimulationController* controller_;
    ParamEdits new_;
    std::shared_ptr<ParamEdits> replaced_;  // filled by the controller's worker when the last redo applied
};

}  // namespace dfl
