// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/parameter_panel.h"

#include "core/modules/module_registry.h"
#include "core/scenario/json_params.h"
#include "views/param_edit_command.h"
#include "views/palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUndoStack>
#include <QVBoxLayout>

#include <limits>

namespace dfl {

namespace {

// A parameter name such as bytes_per_value is one word to the line breaker; a zero-width space after each underscore
// lets it wrap there.
QString wrappableName(QString name) { return name.replace(QLatin1Char('_'), QStringLiteral("_\u200B")); }

QString q(const std::string& s) { return QString::fromStdString(s); }

bool fitsSpinBox(const ParamSpec& spec) {
    return spec.min >= std::numeric_limits<int>::min() && spec.max <= std::numeric_limits<int>::max();
}

QString specToolTip(const ParamSpec& spec) {
    QString tip = "<b>" + q(spec.key).toHtmlEscaped() + "</b> (" + q(paramTypeName(spec.type)) + ")<br>" +
                  q(spec.description).toHtmlEscaped();
    if (!spec.unit.empty()) tip += "<br>" + QObject::tr("Unit: %1").arg(q(spec.unit).toHtmlEscaped());
    if (spec.min > -1e300 || spec.max < 1e300)
        tip += "<br>" + QObject::tr("Range: %1 … %2").arg(spec.min > -1e300 ? QString::number(spec.min, 'g', 12) : "−∞",
                                                           spec.max < 1e300 ? QString::number(spec.max, 'g', 12) : "∞");
    if (!spec.choices.empty()) {
        QStringList c;
        for (const auto& s : spec.choices) c << q(s);
        tip += "<br>" + QObject::tr("Choices: %1").arg(c.join(", ").toHtmlEscaped());
    }
    if (spec.optional) tip += "<br>" + QObject::tr("Optional: leave empty for the module's own choice.");
    return tip;
}

QString listText(const ParamValue& v) {
    QStringList parts;
    if (const auto* s = std::get_if<std::vector<std::string>>(&v))
        for (const auto& x : *s) parts << q(x);
    else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&v))
        for (auto x : *i) parts << QString::number(x);
    else if (const auto* d = std::get_if<std::vector<double>>(&v))
        for (auto x : *d) parts << QString::number(x, 'g', 17);
    else if (const auto* dd = std::get_if<double>(&v))
        return QString::number(*dd, 'g', 17);
    else
        return q(paramValueText(v));
    return parts.join(", ");
}

// Text → value of the declared type; std::nullopt with ok=true means "absent" (an empty optional field).
std::optional<ParamValue> parseText(const ParamSpec& spec, const QString& text, bool& ok, QString& why) {
    ok = true;
    const QString t = text.trimmed();
    if (t.isEmpty() && spec.optional) return std::nullopt;
    const QStringList items = t.isEmpty() ? QStringList() : t.split(',', Qt::KeepEmptyParts);
    switch (spec.type) {
    case ParamType::Double: {
        const double v = t.toDouble(&ok);
        if (!ok) why = QObject::tr("'%1' is not a number").arg(t);
        return ParamValue(v);
    }
    case ParamType::Int: {
        const qlonglong v = t.toLongLong(&ok);
        if (!ok) why = QObject::tr("'%1' is not a whole number").arg(t);
        return ParamValue(std::int64_t(v));
    }
    case ParamType::String: return ParamValue(t.toStdString());
    case ParamType::StringList: {
        std::vector<std::string> v;
        for (const QString& s : items) v.push_back(s.trimmed().toStdString());
        return ParamValue(v);
    }
    case ParamType::IntList: {
        std::vector<std::int64_t> v;
        for (const QString& s : items) {
            v.push_back(s.trimmed().toLongLong(&ok));
            if (!ok) { why = QObject::tr("'%1' is not a whole number").arg(s.trimmed()); break; }
        }
        return ParamValue(v);
    }
    case ParamType::DoubleList: {
        std::vector<double> v;
        for (const QString& s : items) {
            v.push_back(s.trimmed().toDouble(&ok));
            if (!ok) { why = QObject::tr("'%1' is not a number").arg(s.trimmed()); break; }
        }
        return ParamValue(v);
    }
    case ParamType::Bool: {
        ok = t == "true" || t == "false";
        return ParamValue(t == "true");
    }
    }
    ok = false;
    return std::nullopt;
}

}  // namespace

ParameterPanel::ParameterPanel(SimulationController* controller, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent), controller_(controller), undo_(undoStack) {
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: %1;").arg(palette::fail().name()));
    error_->hide();
    scroll_ = new QScrollArea(this);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    form_ = new QWidget(scroll_);
    scroll_->setWidget(form_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(title_);
    layout->addWidget(scroll_, 1);
    layout->addWidget(error_);
    connect(controller, &SimulationController::scenarioChanged, this, &ParameterPanel::setScenario);
    connect(controller, &SimulationController::error, this, [this](const QString& message) {
        error_->setText(message);
        error_->show();
        setScenario(controller_->scenario());  // show the values the model really has
    });
    setScenario(controller->scenario());
}

QWidget* ParameterPanel::editor(const std::string& key) const {
    auto it = editors_.find(key);
    return it == editors_.end() ? nullptr : it->second;
}

QString ParameterPanel::lastError() const { return error_->isVisible() ? error_->text() : QString(); }

void ParameterPanel::setScenario(ScenarioPtr scenario) {
    const ScenarioPtr previous = scenario_;
    scenario_ = scenario;
    // A parameter edit or an undo changes values, not the form: update the editors in place so the field being
    // typed into keeps its focus and cursor. Only another module (another set of declarations) rebuilds.
    if (scenario && previous && scenario->module == previous->module && !editors_.empty()) {
        showValues(*scenario);
        return;
    }
    rebuildForm(scenario);
}

void ParameterPanel::showValues(const Scenario& scenario) {
    const ModuleInfo* info = findModule(scenario.module);
    if (!info) return;
    const auto& values = scenario.params.values();
    for (const ParamSpec& spec : info->params) {
        QWidget* editor = this->editor(spec.key);
        if (!editor) continue;
        std::optional<ParamValue> value;
        if (auto it = values.find(spec.key); it != values.end()) value = it->second;
        const QSignalBlocker block(editor);  // showing a value is not an edit
        if (auto* box = qobject_cast<QCheckBox*>(editor)) {
            box->setChecked(value && std::get_if<bool>(&*value) && std::get<bool>(*value));
        } else if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            if (value) combo->setCurrentText(q(paramValueText(*value)));
        } else if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
            if (value && std::get_if<std::int64_t>(&*value) && spin->value() != int(std::get<std::int64_t>(*value)))
                spin->setValue(int(std::get<std::int64_t>(*value)));
        } else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            const QString text = value ? listText(*value) : QString();
            if (line->text() != text) line->setText(text);  // unchanged text keeps the cursor where it is
            line->setModified(false);
        }
    }
}

void ParameterPanel::rebuildForm(ScenarioPtr scenario) {
    const ModuleInfo* info = scenario ? findModule(scenario->module) : nullptr;
    // Deferred deletion because this can run inside an editor's own signal.
    QWidget* old = scroll_->takeWidget();
    if (old) old->deleteLater();
    editors_.clear();
    form_ = new QWidget;
    auto* form = new QFormLayout(form_);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    if (!info) {
        title_->setText(tr("No scenario is open."));
    } else if (info->params.empty()) {
        title_->setText(tr("Module <b>%1</b> has no parameters.").arg(q(info->name)));
    } else {
        title_->setText(tr("Module <b>%1</b>: edits rebuild the model and return to the same cycle (Ctrl+Z undoes).")
                            .arg(q(info->name)));
        const auto& values = scenario->params.values();
        for (const ParamSpec& spec : info->params) {
            std::optional<ParamValue> value;
            if (auto it = values.find(spec.key); it != values.end()) value = it->second;
            QWidget* editor = makeEditor(spec, value);
            editor->setToolTip(specToolTip(spec));
            // A spin box's policy makes its size hint (room for the largest value and the unit) its minimum width,
            // which kept the form wider than a narrow dock; it may shrink to its minimum size hint like the others.
            editor->setSizePolicy(QSizePolicy::Preferred, editor->sizePolicy().verticalPolicy());
            editors_[spec.key] = editor;
            auto* label = new QLabel(wrappableName(q(spec.key)) + (spec.unit.empty() ? "" : " (" + q(spec.unit) + ")"),
                                     form_);
            // Under a window manager at 1280 × 800 the dock is about 130 px wide: labels wrap instead of being cut off
            // or pushing a horizontal scroll bar under the form.
            label->setWordWrap(true);
            label->setToolTip(specToolTip(spec));
            // Each editor under its label, both the full width: a label in the form's label column keeps its one-line
            // width however narrow the dock (it came out 133 px under a window manager at 1280 × 800).
            form->addRow(label);
            form->addRow(editor);
        }
    }
    scroll_->setWidget(form_);
}

QWidget* ParameterPanel::makeEditor(const ParamSpec& spec, const std::optional<ParamValue>& value) {
    const std::string key = spec.key;
    if (spec.type == ParamType::Bool) {
        auto* box = new QCheckBox(form_);
        box->setChecked(value && std::get_if<bool>(&*value) && std::get<bool>(*value));
        connect(box, &QCheckBox::toggled, this, [this, key](bool on) { edit(key, ParamValue(on)); });
        return box;
    }
    if (spec.type == ParamType::String && !spec.choices.empty()) {
        auto* box = new QComboBox(form_);
        // Not as wide as the longest choice at least: the dock may be narrower (the popup still shows them whole).
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(3);
        for (const auto& c : spec.choices) box->addItem(q(c));
        if (value) box->setCurrentText(q(paramValueText(*value)));
        connect(box, &QComboBox::textActivated, this, [this, key](const QString& t) { edit(key, ParamValue(t.toStdString())); });
        return box;
    }
    if (spec.type == ParamType::Int && fitsSpinBox(spec) && !spec.optional) {
        auto* box = new QSpinBox(form_);
        box->setRange(int(std::max(spec.min, double(std::numeric_limits<int>::min()))),
                      int(std::min(spec.max, double(std::numeric_limits<int>::max()))));
        if (value && std::get_if<std::int64_t>(&*value)) box->setValue(int(std::get<std::int64_t>(*value)));
        if (!spec.unit.empty()) box->setSuffix(" " + q(spec.unit));
        box->setKeyboardTracking(false);  // one edit per finished number, not per digit
        box->setAccelerated(true);
        connect(box, &QSpinBox::valueChanged, this, [this, key](int v) { edit(key, ParamValue(std::int64_t(v))); });
        return box;
    }
    auto* line = new QLineEdit(form_);
    if (value) line->setText(listText(*value));
    if (spec.optional) line->setPlaceholderText(tr("(absent: the module decides)"));
    ParamSpec copy = spec;
    connect(line, &QLineEdit::editingFinished, this, [this, copy, line] {
        if (!line->isModified()) return;
        line->setModified(false);
        bool ok = true;
        QString why;
        const std::optional<ParamValue> v = parseText(copy, line->text(), ok, why);
        if (!ok) {
            error_->setText(tr("%1: %2").arg(q(copy.key), why));
            error_->show();
            return;
        }
        edit(copy.key, v);
    });
    return line;
}

void ParameterPanel::edit(const std::string& key, std::optional<ParamValue> value) {
    if (!scenario_) return;
    const auto& values = scenario_->params.values();
    const auto it = values.find(key);
    const std::optional<ParamValue> current = it == values.end() ? std::nullopt : std::optional<ParamValue>(it->second);
    if (current == value) return;
    const ParamEdits edits{{key, value}};
    try {
        editScenario(*scenario_, edits);  // reject before it reaches the undo stack
    } catch (const std::exception& e) {
        error_->setText(QString::fromStdString(e.what()));
        error_->show();
        const ScenarioPtr keep = scenario_;
        QMetaObject::invokeMethod(this, [this, keep] { setScenario(keep); }, Qt::QueuedConnection);  // revert
        return;
    }
    error_->hide();
    if (undo_) undo_->push(new ParamEditCommand(controller_, edits));
    else controller_->applyParamEdits(edits);
}

}  // namespace dfl
