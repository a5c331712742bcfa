// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Side-by-side comparison: two configurations of the same module (two partitions, multi-port versus multi-bank
// buffers, HMC 1.0 versus 2.0, ...) in a split view stepping on one clock, over a table of their summary
// figures with the differences. Each side has its own SimulationController; the shared clock seeks both to the
// same cycle, so stepping, going back and running keep them in lockstep (a side that finishes early stays at
// its last cycle).

#include "core/scenario/scenario.h"
#include "views/simulation_controller.h"

#include <QTimer>
#include <QWidget>

#include <algorithm>

class QComboBox;
class QLabel;
class QTableWidget;
class QToolButton;
class QUndoStack;

namespace dfl {

class ComparisonView : public QWidget {
    Q_OBJECT
public:
    // Throws InputError when the two scenarios are of different modules.
    ComparisonView(const Scenario& a, const Scenario& b, QWidget* parent = nullptr);
    ~ComparisonView() override;

    std::int64_t cycle() const { return cycle_; }
    SimulationController* controllerA() const { return a_; }
    SimulationController* controllerB() const { return b_; }
    QTableWidget* table() const { return table_; }

public slots:
    void seek(qint64 cycle);  // both sides
    void step() { seek(cycle_ + 1); }
    void stepBack() { seek(std::max<qint64>(0, cycle_ - 1)); }
    void reset() { pause(); seek(0); }
    void run();
    void pause();

private:
    QWidget* makeSide(SimulationController* controller, const Scenario& scenario, const QString& tag);
    void tick();
    void refreshTable();
    void refreshClock();

    Scenario scenarioA_, scenarioB_;
    SimulationController *a_, *b_;
    QUndoStack* undo_;  // views expect one; comparison edits are not offered
    QTableWidget* table_;
    QLabel* clock_;
    QComboBox* speed_;
    QToolButton* runButton_;
    QTimer timer_;
    std::int64_t cycle_ = 0;
    double carry_ = 0;  // fractional cycles between ticks at low speeds
};

}  // namespace dfl
