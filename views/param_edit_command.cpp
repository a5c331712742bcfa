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
    std::vector<std::string> keys;
    for (const auto& [key, value] : new_) keys.push_back(key);
    old_ = controller_->currentParams(keys);
    if (text.isEmpty()) setText(describe(new_));
}

void ParamEditCommand::redo() { controller_->applyParamEdits(new_); }
void ParamEditCommand::undo() { controller_->applyParamEdits(old_); }

}  // namespace dfl
