// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A module view on a controller of its own, shown at a size, with a shipped scenario open: the lecture-hall suites
// hover, seek and look at one view without the main window.

#include "core/scenario/scenario.h"
#include "tests/support/lecture_test_support.h"
#include "views/module_view_context.h"
#include "views/simulation_controller.h"

#include <QDeadlineTimer>
#include <QUndoStack>
#include <QtTest>

#include <vector>

namespace dfl::lecture {

// A module view on a controller of its own, shown at `size`, with `scenario` open (at cycle 0), edited by
// `overrides` (e.g. smallerTraining's).
template <class View>
struct ViewOnItsController {
    SimulationController controller;
    QUndoStack undo;
    View view{ModuleViewContext{&controller, &undo}};
    ViewOnItsController(const char* scenario, QSize size, const QString& overrides = {}) {
        view.resize(size);
        view.show();
        std::vector<Override> edits;
        for (const QString& o : overrides.split(' ', Qt::SkipEmptyParts)) edits.push_back(parseOverride(o.toStdString()));
        controller.loadScenario(loadScenarioFile(scenarioPath(scenario).toStdString(), edits));
    }
    bool seekAndWait(qint64 cycle) {  // true once the controller has arrived and its metrics are there
        controller.seek(cycle);
        QDeadlineTimer deadline(60000);
        while (!(controller.cycle() == cycle && controller.metrics()) && !deadline.hasExpired()) QTest::qWait(10);
        QTest::qWait(30);  // the views take in the frame
        return controller.cycle() == cycle;
    }
};

}  // namespace dfl::lecture
