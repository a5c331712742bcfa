// SPDX-License-Identifier: GPL-3.0-or-later
// The controller with an injected model: step, step back, seek, run/pause, recorders in order, and parameter
// changes through the real scenario path (with a bad value rejected and the old model kept).

#include "tests/views/test_models.h"
#include "views/param_edit_command.h"
#include "views/simulation_controller.h"

#include "core/scenario/scenario_edit.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace dfl;

namespace {

std::int64_t frameSum(const SimulationController& c) {
    auto f = std::dynamic_pointer_cast<const test::CounterFrame>(c.frame());
    return f ? f->sum : -1;
}

std::int64_t triangle(std::int64_t n) { return n * (n + 1) / 2; }

}  // namespace

class TestSimulationController : public QObject {
    Q_OBJECT
private slots:
    void stepBackAndSeek() {
        SimulationController c;
        c.loadModel(std::make_unique<test::CounterModel>(1000), test::counterScenario());
        QTRY_VERIFY(c.scenario() != nullptr);
        QTRY_COMPARE(c.expectedCycles(), qint64(1000));
        QCOMPARE(c.cycle(), qint64(0));
        for (int i = 0; i < 3; ++i) c.step();
        QTRY_COMPARE(c.cycle(), qint64(3));
        QTRY_COMPARE(frameSum(c), triangle(3));
        c.stepBack();
        QTRY_COMPARE(c.cycle(), qint64(2));
        QTRY_COMPARE(frameSum(c), triangle(2));
        c.seek(700);
        QTRY_COMPARE(c.cycle(), qint64(700));
        c.seek(130);  // back past several checkpoints: replay must give the same state
        QTRY_COMPARE(c.cycle(), qint64(130));
        QTRY_COMPARE(frameSum(c), triangle(130));
        QTRY_VERIFY(c.metrics() && c.metrics()->value("sum") == double(triangle(130)));
        QVERIFY(c.charts() && c.charts()->size() == 1);
        c.reset();
        QTRY_COMPARE(c.cycle(), qint64(0));
        QTRY_COMPARE(frameSum(c), qint64(0));
    }

    void runToTheEndAndPause() {
        SimulationController c;
        QSignalSpy running(&c, &SimulationController::runningChanged);
        c.loadModel(std::make_unique<test::CounterModel>(20000), test::counterScenario());
        c.setSpeed(SimulationController::MaxSpeed);
        c.run();
        QTRY_VERIFY(c.isDone());
        QTRY_COMPARE(c.cycle(), qint64(20000));
        QTRY_VERIFY(!c.isRunning());
        QVERIFY(running.count() >= 2);  // true, then false at the end

        c.loadModel(std::make_unique<test::CounterModel>(1'000'000'000), test::counterScenario());
        QTRY_COMPARE(c.expectedCycles(), qint64(1'000'000'000));
        c.setSpeed(50);  // slow: pause must stop it well before the end
        c.run();
        QTRY_VERIFY(c.isRunning());
        QTRY_VERIFY(c.cycle() >= 2);
        c.pause();
        QTRY_VERIFY(!c.isRunning());
        const qint64 stopped = c.cycle();
        QVERIFY(stopped < 1000);
        QTest::qWait(100);
        QCOMPARE(c.cycle(), stopped);
    }

    void recordersGetEveryCycleInOrder() {
        SimulationController c;
        std::vector<std::int64_t> seen;
        connect(&c, &SimulationController::cycleRecorded, this, [&seen](FramePtr f) { seen.push_back(f->cycle); });
        connect(&c, &SimulationController::timelineRewound, this, [&seen](qint64 last) {
            while (!seen.empty() && seen.back() > last) seen.pop_back();
        });
        c.loadModel(std::make_unique<test::CounterModel>(300), test::counterScenario());
        c.setSpeed(SimulationController::MaxSpeed);
        c.run();
        QTRY_VERIFY(c.isDone());
        QTRY_COMPARE(seen.size(), size_t(301));
        for (size_t i = 0; i < seen.size(); ++i) QCOMPARE(seen[i], std::int64_t(i));
        c.seek(100);
        QTRY_COMPARE(c.cycle(), qint64(100));
        QTRY_COMPARE(seen.size(), size_t(101));
        c.step();
        QTRY_COMPARE(seen.size(), size_t(102));
        QCOMPARE(seen.back(), std::int64_t(101));
    }

    // The network module has no clock, but exercises the real rebuild path: JSON → validation → createModel.
    void badParametersKeepTheOldModel() {
        SimulationController c;
        QSignalSpy errors(&c, &SimulationController::error);
        const Scenario s = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/network-mnist-cnn.json");
        c.loadScenario(s);
        QTRY_VERIFY(c.scenario() != nullptr);
        QTRY_VERIFY(c.metrics() != nullptr);
        c.applyParams({{"no_such_parameter", ParamValue(std::int64_t(3))}});
        QTRY_COMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(0).toString().contains("no_such_parameter"));
        QCOMPARE(c.scenario()->name, s.name);
        QVERIFY_THROWS_EXCEPTION(std::exception,
                                 editScenario(s, {{"no_such_parameter", ParamValue(true)}}));
    }

    void undoCommandDescribesItsEdit() {
        SimulationController c;
        ParamEditCommand cmd(&c, {{"stages", ParamValue(std::int64_t(4))}});
        QVERIFY(cmd.text().contains("stages = 4"));
    }

    // Regression: the command took its undo value from the GUI thread's copy of the scenario, which lags edits
    // still queued on the worker. Two quick edits of one key then undid to the original value, not the first edit's.
    void undoOfQuickSecondEditRestoresTheFirstEdit() {
        SimulationController c;
        c.loadScenario(loadScenarioFile(DFL_SOURCE_DIR "/scenarios/pipeline-mnist-cnn-3stage.json"));
        QTRY_VERIFY(c.scenario() != nullptr);
        QCOMPARE(c.scenario()->params.getInt("batch"), std::int64_t(8));
        QUndoStack undo;
        undo.push(new ParamEditCommand(&c, {{"batch", ParamValue(std::int64_t(16))}}));
        undo.push(new ParamEditCommand(&c, {{"batch", ParamValue(std::int64_t(32))}}));  // before the first applied
        QTRY_COMPARE(c.scenario()->params.getInt("batch"), std::int64_t(32));
        undo.undo();
        QTRY_COMPARE(c.scenario()->params.getInt("batch"), std::int64_t(16));
        undo.undo();
        QTRY_COMPARE(c.scenario()->params.getInt("batch"), std::int64_t(8));
        undo.redo();
        undo.redo();
        QTRY_COMPARE(c.scenario()->params.getInt("batch"), std::int64_t(32));
    }

    // An optional parameter the scenario lacks goes back to absent on undo.
    void undoRestoresAnAbsentOptionalParameter() {
        SimulationController c;
        c.loadScenario(loadScenarioFile(DFL_SOURCE_DIR "/scenarios/pipeline-mnist-cnn-3stage.json",
                                        {parseUnset("params.partition")}));
        QTRY_VERIFY(c.scenario() != nullptr);
        QVERIFY(!c.scenario()->params.has("partition"));
        QUndoStack undo;
        undo.push(new ParamEditCommand(&c, {{"partition", ParamValue(std::vector<std::string>{"pool1", "fc3"})}}));
        QTRY_VERIFY(c.scenario()->params.has("partition"));
        undo.undo();
        QTRY_VERIFY(!c.scenario()->params.has("partition"));
    }
};

QTEST_MAIN(TestSimulationController)
#include "test_simulation_controller.moc"
