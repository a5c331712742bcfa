#pragma once
// An undoable parameter change: redo applies the new values through the controller (which rebuilds the model
// and returns to the same cycle), undo applies the values the parameters had when the command was made.
// Views push one onto the main window's QUndoStack, e.g. a pipeline partition drag:
//   undoStack->push(new ParamEditCommand(controller, {{"partition", newPartition}}, tr("Move conv3 to stage 2")));
// Validate first with SimulationController::scenarioWithParams to reject bad input before it reaches the stack.

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
    const ParamEdits& oldValues() const { return old_; }

private:
    SimulationController* controller_;
    ParamEdits new_, old_;
};

}  // namespace dfl
