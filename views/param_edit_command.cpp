// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/param_edit_command.h"

#include "core/scenario/json_params.h"

namespace dfl {

namespace {

QString describe(const ParamEdits& edits) {
    QStringList parts;
    for (const auto& [key, value] : edits)
        parts << QString::fromStdString(key) + " = " +
                     (value ? QString::fromStdString(paramValueText(*value)) : QObject::tr("(default)"));
    return QObject::tr("Set %1").arg(parts.join(", "));
}

}  // namespace

ParamEditCommand::ParamEditCommand(SimulationController* controller, ParamEdits edits, const QString& text,
                                   QUndoCommand* parent)
    : QUndoCommand(text, parent), controller_(controller), new_(std::move(edits)) {
    if (text.isEmpty()) setText(describe(new_));
}

void ParamEditCommand::redo() {
    replaced_ = std::make_shared<ParamEdits>();
    controller_->applyParamEdits(new_, replaced_);
}

void ParamEditCommand::undo() { controller_->restoreParamEdits(replaced_); }

}  // namespace dfl
