// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/build_progress_bar.h"

#include "views/simulation_controller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace dfl {

namespace {
constexpr int kSteps = 1000;  // the bar's resolution: a tenth of a per cent
}

BuildProgressBar::BuildProgressBar(SimulationController* controller, QWidget* parent) : QWidget(parent) {
    label_ = new QLabel(this);
    bar_ = new QProgressBar(this);
    bar_->setRange(0, kSteps);
    bar_->setFormat(QStringLiteral("%p %"));
    bar_->setMinimumWidth(220);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop building this scenario; the one open before stays"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    hide();
    if (!controller) return;
    connect(cancel_, &QPushButton::clicked, this, [this, controller] {
        if (seeking_) controller->cancelSeek();
        else controller->cancelBuild();
    });
    connect(controller, &SimulationController::buildStarted, this, &BuildProgressBar::started);
    connect(controller, &SimulationController::buildProgress, this, &BuildProgressBar::progress);
    connect(controller, &SimulationController::buildFinished, this, &BuildProgressBar::finished);
    connect(controller, &SimulationController::seekStarted, this, &BuildProgressBar::seekStarted);
    connect(controller, &SimulationController::seekProgress, this, [this](double f) { bar_->setValue(int(std::lround(f * kSteps))); });
    connect(controller, &SimulationController::seekFinished, this, &BuildProgressBar::finished);
}

void BuildProgressBar::seekStarted(qint64 target) {
    seeking_ = true;
    scenario_.clear();
    label_->setText(tr("Replaying to cycle %1…").arg(target));
    cancel_->setToolTip(tr("Stop replaying; the view stays at the cycle reached"));
    bar_->setValue(0);
    cancel_->setEnabled(true);
    show();
}

void BuildProgressBar::started(const QString& scenarioName) {
    seeking_ = false;
    cancel_->setToolTip(tr("Stop building this scenario; the one open before stays"));
    scenario_ = scenarioName;
    label_->setText(tr("Building %1…").arg(scenarioName));
    bar_->setValue(0);
    cancel_->setEnabled(true);
    show();
}

void BuildProgressBar::progress(double fraction, const QString& what) {
    bar_->setValue(int(std::lround(fraction * kSteps)));
    label_->setText(scenario_.isEmpty() ? what : tr("%1: %2").arg(scenario_, what));
}

void BuildProgressBar::finished(bool cancelled) {
    hide();
    seeking_ = false;
    if (cancelled) label_->setText(tr("Cancelled"));
}

}  // namespace dfl
