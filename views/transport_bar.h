// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The transport: reset, step back, step, run/pause, speed and a cycle scrubber with the current cycle and the
// expected total. Keyboard: Space run/pause, Right or Page Down step, Left or Page Up step back, Home reset, End to
// the last cycle — from any widget of the window except one editing text; Enter in the cycle box goes there and
// gives the keys back to the window.

#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QDoubleSpinBox;

namespace dfl {

class SimulationController;

class TransportBar : public QToolBar {
    Q_OBJECT
public:
    explicit TransportBar(SimulationController* controller, QWidget* parent = nullptr);

    QAction* resetAction() const { return reset_; }
    QAction* stepBackAction() const { return stepBack_; }
    QAction* stepAction() const { return step_; }
    QAction* runAction() const { return run_; }
    QAction* endAction() const { return end_; }
    QSlider* scrubber() const { return scrubber_; }
    QDoubleSpinBox* cycleBox() const { return cycleBox_; }  // whole numbers, exact up to 2^53 cycles

    // The slider holds an int: up to SliderTicks cycles one tick is one cycle; beyond, a tick covers several.
    static constexpr qint64 SliderTicks = 1'000'000'000;
    int tickOf(qint64 cycle) const;
    qint64 cycleOf(int tick) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void finishTyping(bool keep);
    void onCycle(qint64 cycle, qint64 expected, bool done);
    void onRunning(bool running);

    SimulationController* controller_;
    QAction *reset_, *stepBack_, *step_, *run_, *end_;
    QComboBox* speed_;
    QSlider* scrubber_;
    QDoubleSpinBox* cycleBox_;
    QLabel* total_;
    qint64 furthest_ = 0;     // scrubber range when the model cannot say how long a run is
    qint64 scrubberEnd_ = 0;  // the cycle at the slider's right end
    bool updating_ = false;
    bool typingCycle_ = false;  // the user is typing a cycle into the box
};

}  // namespace dfl
