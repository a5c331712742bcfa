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
    connect(cancel_, &QPushButton::clicked, controller, &SimulationController::cancelBuild);
    connect(controller, &SimulationController::buildStarted, this, &BuildProgressBar::started);
    connect(controller, &SimulationController::buildProgress, this, &BuildProgressBar::progress);
    connect(controller, &SimulationController::buildFinished, this, &BuildProgressBar::finished);
}

void BuildProgressBar::started(const QString& scenarioName) {
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
    if (cancelled) label_->setText(tr("Cancelled"));
}

}  // namespace dfl
