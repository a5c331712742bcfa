// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/comparison_dialog.h"

#include "core/scenario/scenario_edit.h"
#include "core/sim/input_error.h"
#include "views/palette.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace dfl {

ComparisonDialog::ComparisonDialog(const Scenario& current, const QString& scenariosDirectory, QWidget* parent)
    : QDialog(parent), current_(current) {
    setWindowTitle(tr("Compare configurations"));
    base_ = new QComboBox(this);
    base_->addItem(tr("This scenario (%1)").arg(QString::fromStdString(current.name)), QString());
    for (const QFileInfo& f : QDir(scenariosDirectory).entryInfoList({"*.json"}, QDir::Files, QDir::Name)) {
        if (QFileInfo(QString::fromStdString(current.file)).absoluteFilePath() == f.absoluteFilePath()) continue;
        try {
            const Scenario s = loadScenarioFile(f.absoluteFilePath().toStdString());
            if (s.module == current.module) base_->addItem(QString::fromStdString(s.name), f.absoluteFilePath());
        } catch (const std::exception&) {  // a broken file is the scenario browser's to report
        }
    }
    changes_ = new QLineEdit(this);
    changes_->setPlaceholderText(tr("e.g. params.stages=8 params.batch=64"));
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: %1;").arg(palette::fail().name()));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (error_->text().isEmpty()) accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(new QLabel(tr("A is the open scenario with its edits. Choose B:"), this));
    form->addRow(tr("Start from"), base_);
    form->addRow(tr("Changes"), changes_);
    form->addRow(error_);
    form->addRow(buttons);
}

std::vector<Override> ComparisonDialog::parseChanges(const QString& text) {
    std::vector<Override> out;
    for (const QString& part : text.split(' ', Qt::SkipEmptyParts)) out.push_back(parseOverride(part.toStdString()));
    return out;
}

Scenario ComparisonDialog::chosen() const {
    const std::vector<Override> changes = parseChanges(changes_->text());
    const QString file = base_->currentData().toString();
    if (file.isEmpty()) return editScenario(current_, changes);
    return loadScenarioFile(file.toStdString(), changes);
}

void ComparisonDialog::validate() {
    try {
        const Scenario b = chosen();
        error_->setText(b.module == current_.module ? QString() : tr("B must run the same module as A."));
    } catch (const std::exception& e) {
        error_->setText(QString::fromStdString(e.what()));
    }
}

}  // namespace dfl
