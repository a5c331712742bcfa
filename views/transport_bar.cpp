#include "views/transport_bar.h"

#include "views/simulation_controller.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSlider>
#include <QDoubleSpinBox>
#include <QStyle>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dfl {

namespace {

// A double holds every whole number up to 2^53 exactly: the spin box can name any cycle a model will reach.
constexpr double MaxCycleInBox = 9007199254740992.0;

}  // namespace

int TransportBar::tickOf(qint64 cycle) const {
    cycle = std::clamp<qint64>(cycle, 0, scrubberEnd_);
    if (scrubberEnd_ <= SliderTicks) return int(cycle);
    return int(std::llround(double(cycle) / double(scrubberEnd_) * double(SliderTicks)));
}

qint64 TransportBar::cycleOf(int tick) const {
    if (scrubberEnd_ <= SliderTicks) return tick;
    return std::llround(double(tick) / double(SliderTicks) * double(scrubberEnd_));
}

TransportBar::TransportBar(SimulationController* controller, QWidget* parent)
    : QToolBar(tr("Transport"), parent), controller_(controller) {
    setObjectName("transport");
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    reset_ = addAction(style()->standardIcon(QStyle::SP_MediaSkipBackward), tr("Reset"), controller, &SimulationController::reset);
    reset_->setShortcut(Qt::Key_Home);
    reset_->setToolTip(tr("Back to cycle 0 (Home)"));
    stepBack_ = addAction(style()->standardIcon(QStyle::SP_MediaSeekBackward), tr("Back"), controller, &SimulationController::stepBack);
    stepBack_->setShortcut(Qt::Key_Left);
    stepBack_->setToolTip(tr("One cycle back (Left)"));
    run_ = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), controller, &SimulationController::toggleRun);
    run_->setShortcut(Qt::Key_Space);
    run_->setToolTip(tr("Run / pause (Space)"));
    step_ = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"), controller, &SimulationController::step);
    step_->setShortcut(Qt::Key_Right);
    step_->setToolTip(tr("One cycle forward (Right)"));
    for (QAction* a : {reset_, stepBack_, run_, step_}) a->setShortcutContext(Qt::WindowShortcut);

    addSeparator();
    addWidget(new QLabel(tr(" Speed "), this));
    speed_ = new QComboBox(this);
    speed_->setToolTip(tr("Cycles per second while running"));
    const std::pair<const char*, double> speeds[] = {{"1 /s", 1}, {"4 /s", 4}, {"10 /s", 10}, {"100 /s", 100},
                                                     {"1 k/s", 1e3}, {"100 k/s", 1e5}, {"max", SimulationController::MaxSpeed}};
    for (const auto& [label, value] : speeds) speed_->addItem(tr(label), value);
    speed_->setCurrentIndex(2);
    connect(speed_, &QComboBox::currentIndexChanged, this,
            [this] { controller_->setSpeed(speed_->currentData().toDouble()); });
    addWidget(speed_);

    addSeparator();
    addWidget(new QLabel(tr(" Cycle "), this));
    scrubber_ = new QSlider(Qt::Horizontal, this);
    scrubber_->setMinimumWidth(240);
    scrubber_->setToolTip(tr("Drag to any cycle (going back replays from the nearest checkpoint)"));
    connect(scrubber_, &QSlider::valueChanged, this, [this](int tick) {
        if (!updating_) controller_->seek(cycleOf(tick));
    });
    addWidget(scrubber_);
    cycleBox_ = new QDoubleSpinBox(this);
    cycleBox_->setDecimals(0);
    cycleBox_->setRange(0, std::numeric_limits<int>::max());  // widened in onCycle for longer runs
    cycleBox_->setKeyboardTracking(false);  // seek when the number is complete, not per digit
    cycleBox_->setToolTip(tr("Current cycle; type one to go there"));
    connect(cycleBox_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!updating_) controller_->seek(qint64(v));
    });
    addWidget(cycleBox_);
    total_ = new QLabel(this);
    addWidget(total_);

    connect(controller, &SimulationController::cycleChanged, this, &TransportBar::onCycle);
    connect(controller, &SimulationController::runningChanged, this, &TransportBar::onRunning);
    onCycle(controller->cycle(), controller->expectedCycles(), controller->isDone());
}

void TransportBar::onCycle(qint64 cycle, qint64 expected, bool done) {
    furthest_ = std::max(furthest_, cycle);
    if (cycle == 0 && expected >= 0) furthest_ = 0;
    const qint64 end = expected >= 0 ? expected : std::max<qint64>(furthest_, 1);
    updating_ = true;  // these are echoes of the model, not user requests
    scrubberEnd_ = end;
    // The box is as wide as its largest value: ten digits unless a run is longer (then up to 2^53, exact).
    cycleBox_->setMaximum(std::clamp(double(end), double(std::numeric_limits<int>::max()), MaxCycleInBox));
    scrubber_->setRange(0, tickOf(end));
    if (!scrubber_->isSliderDown()) scrubber_->setValue(tickOf(cycle));
    if (!cycleBox_->hasFocus()) cycleBox_->setValue(double(cycle));
    updating_ = false;
    total_->setText(expected >= 0 ? tr(" / %1 ").arg(expected) : tr(" / ? "));
    const bool empty = expected == 0;  // a model without a clock (e.g. "network")
    step_->setEnabled(!done && !empty);
    run_->setEnabled((!done && !empty) || controller_->isRunning());
    stepBack_->setEnabled(cycle > 0);
    reset_->setEnabled(cycle > 0 || !empty);
    scrubber_->setEnabled(!empty);
    cycleBox_->setEnabled(!empty);
}

void TransportBar::onRunning(bool running) {
    run_->setText(running ? tr("Pause") : tr("Run"));
    run_->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    onCycle(controller_->cycle(), controller_->expectedCycles(), controller_->isDone());
}

}  // namespace dfl
