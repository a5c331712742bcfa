// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Chooses configuration B for a side-by-side comparison with the open scenario (A): another scenario file of the
// same module, or A itself, optionally with --set style changes ("params.stages=8 params.batch=64").

#include "core/scenario/scenario.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace dfl {

class ComparisonDialog : public QDialog {
    Q_OBJECT
public:
    ComparisonDialog(const Scenario& current, const QString& scenariosDirectory, QWidget* parent = nullptr);

    // Configuration B as chosen; throws InputError naming the bad change or file.
    Scenario chosen() const;
    // "a.b=1 c=[x,y]" → overrides; throws InputError for a change without '='.
    static std::vector<Override> parseChanges(const QString& text);

private:
    void validate();
    Scenario current_;
    QComboBox* base_;
    QLineEdit* changes_;
    QLabel* error_;
};

}  // namespace dfl
