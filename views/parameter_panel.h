// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The module's parameters as a form generated from its declarations (ParamSpec: type, default, unit, limits,
// choices, description), so a new parameter needs no GUI code. An edit is validated like a scenario file and
// then pushed as a ParamEditCommand (undoable); a rejected value is shown under the form and the field reverts.

#include "views/simulation_controller.h"

#include <QWidget>

#include <functional>
#include <map>

class QFormLayout;
class QLabel;
class QScrollArea;
class QUndoStack;

namespace dfl {

class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    ParameterPanel(SimulationController* controller, QUndoStack* undoStack, QWidget* parent = nullptr);

    // Another module rebuilds the form; the same module (an edit, an undo) only updates the editors' values.
    void setScenario(ScenarioPtr scenario);
    QWidget* editor(const std::string& key) const;  // for tests
    QString lastError() const;

private:
    void rebuildForm(ScenarioPtr scenario);
    void showValues(const Scenario& scenario);
    void edit(const std::string& key, std::optional<ParamValue> value);
    QWidget* makeEditor(const ParamSpec& spec, const std::optional<ParamValue>& value);

    SimulationController* controller_;
    QUndoStack* undo_;
    ScenarioPtr scenario_;
    QScrollArea* scroll_;
    QWidget* form_ = nullptr;
    QLabel* title_;
    QLabel* error_;
    std::map<std::string, QWidget*> editors_;
};

}  // namespace dfl
