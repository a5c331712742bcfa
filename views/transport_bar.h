#pragma once
// The transport: reset, step back, step, run/pause, speed and a cycle scrubber with the current cycle and the
// expected total. Keyboard: Space run/pause, Right step, Left step back, Home reset (window-wide shortcuts).

#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

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
    QSlider* scrubber() const { return scrubber_; }
    QSpinBox* cycleBox() const { return cycleBox_; }

private:
    void onCycle(qint64 cycle, qint64 expected, bool done);
    void onRunning(bool running);

    SimulationController* controller_;
    QAction *reset_, *stepBack_, *step_, *run_;
    QComboBox* speed_;
    QSlider* scrubber_;
    QSpinBox* cycleBox_;
    QLabel* total_;
    qint64 furthest_ = 0;  // scrubber range when the model cannot say how long a run is
    bool updating_ = false;
};

}  // namespace dfl
