// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/transport_bar.h"

#include "views/simulation_controller.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>
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

// A widget where the transport keys type or move a text cursor: only there do they not drive the simulation.
bool editsText(const QWidget* w) {
    if (auto* line = qobject_cast<const QLineEdit*>(w)) return !line->isReadOnly();
    if (auto* spin = qobject_cast<const QAbstractSpinBox*>(w)) return !spin->isReadOnly();
    if (auto* text = qobject_cast<const QTextEdit*>(w)) return !text->isReadOnly();
    if (auto* plain = qobject_cast<const QPlainTextEdit*>(w)) return !plain->isReadOnly();
    if (auto* combo = qobject_cast<const QComboBox*>(w)) return combo->isEditable();
    return false;
}

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
    // Page Up / Page Down: what a presenter's clicker sends for "previous" and "next".
    stepBack_->setShortcuts({QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
    stepBack_->setToolTip(tr("One cycle back (Left, Page Up)"));
    run_ = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), controller, &SimulationController::toggleRun);
    run_->setShortcut(Qt::Key_Space);
    run_->setToolTip(tr("Run / pause (Space)"));
    step_ = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"), controller, &SimulationController::step);
    step_->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
    step_->setToolTip(tr("One cycle forward (Right, Page Down)"));
    // End: the last cycle of a run whose length is known (not a toolbar button: Run gets there too).
    end_ = new QAction(tr("Go to End"), this);
    end_->setShortcut(Qt::Key_End);
    end_->setToolTip(tr("To the run's last cycle (End)"));
    connect(end_, &QAction::triggered, this, [this] {
        if (controller_->expectedCycles() > 0) controller_->seek(controller_->expectedCycles());
    });
    // Not a toolbar button (Run gets there too): the window holds it, the Simulation menu lists it.
    if (parent) parent->addAction(end_);
    for (QAction* a : {reset_, stepBack_, run_, step_, end_}) a->setShortcutContext(Qt::WindowShortcut);
    // Keys for the transport reach it from any widget of the window (a list, a table, a slider, a button)
    // except one editing text; see eventFilter.
    qApp->installEventFilter(this);

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
    // While the user types, the box holds their number; otherwise it shows the view's cycle (issue 12: it kept a
    // typed 61 while the view had stepped to 62).
    connect(cycleBox_, &QDoubleSpinBox::textChanged, this, [this] {
        if (!updating_) typingCycle_ = true;
    });
    cycleBox_->installEventFilter(this);
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
    if (!typingCycle_) cycleBox_->setValue(double(cycle));
    updating_ = false;
    total_->setText(expected >= 0 ? tr(" / %1 ").arg(expected) : tr(" / ? "));
    const bool empty = expected == 0;  // a model without a clock (e.g. "network")
    step_->setEnabled(!done && !empty);
    run_->setEnabled((!done && !empty) || controller_->isRunning());
    stepBack_->setEnabled(cycle > 0);
    reset_->setEnabled(cycle > 0 || !empty);
    end_->setEnabled(expected > 0 && cycle < expected);
    scrubber_->setEnabled(!empty);
    cycleBox_->setEnabled(!empty);
}

void TransportBar::onRunning(bool running) {
    run_->setText(running ? tr("Pause") : tr("Run"));
    run_->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    onCycle(controller_->cycle(), controller_->expectedCycles(), controller_->isDone());
}

void TransportBar::finishTyping(bool keep) {
    typingCycle_ = false;
    if (!keep) {  // Escape: back to the view's cycle
        updating_ = true;
        cycleBox_->setValue(double(controller_->cycle()));
        updating_ = false;
    }
    // Focus back to the window, so the next Space or Right steps instead of typing into the box.
    cycleBox_->clearFocus();
    if (QWidget* w = window()) w->setFocus(Qt::OtherFocusReason);
}

bool TransportBar::eventFilter(QObject* watched, QEvent* event) {
    if (watched == cycleBox_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            cycleBox_->interpretText();  // the seek (keyboard tracking is off: the value lands on Enter)
            finishTyping(true);
            return true;
        }
        if (key == Qt::Key_Escape) {
            finishTyping(false);
            return true;
        }
    }
    if (watched == cycleBox_ && event->type() == QEvent::FocusOut) typingCycle_ = false;
    // A focused list, table, slider or button takes arrows, Space and Page keys for itself (a ShortcutOverride
    // it accepts); in this window the transport gets them first, unless the widget edits text.
    if (event->type() == QEvent::ShortcutOverride && watched->isWidgetType()) {
        auto* widget = static_cast<QWidget*>(watched);
        auto* key = static_cast<QKeyEvent*>(event);
        const QKeySequence pressed(key->keyCombination());
        QList<QAction*> transport = actions();
        transport << end_;
        const bool transportKey = std::any_of(transport.begin(), transport.end(), [&](const QAction* a) {
            return a->isEnabled() && a->shortcuts().contains(pressed);
        });
        if (transportKey && widget->window() == window() && !editsText(widget)) {
            event->ignore();
            return true;  // not accepted: the shortcut runs
        }
    }
    return QToolBar::eventFilter(watched, event);
}

}  // namespace dfl
