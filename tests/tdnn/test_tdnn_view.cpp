// SPDX-License-Identifier: GPL-3.0-or-later
// The race view offscreen: it draws a tdnn frame at the start, mid-race and decided, and ignores other frames.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/tdnn/tdnn_frame.h"
#include "core/training/dataset.h"
#include "views/chart_export.h"
#include "views/simulation_controller.h"
#include "views/tdnn/race_view.h"
#include "tests/support/fashion_mnist.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QtTest>

using namespace dfl;

class TestTdnnView : public QObject {
    Q_OBJECT
private slots:
    void drawsTheRace() {
        DFL_REQUIRE_FASHION_MNIST();
        const Scenario s = loadScenarioText(R"({"name": "view", "module": "tdnn", "params": {"hidden": 32, "epochs": 1,
            "train_samples": 3000, "test_samples": 500, "chips": 1, "sigma_static": 1.5, "sigma_jitter": 0.5,
            "sweep_sigmas": [0, 1], "chain_sides": [28], "lognet": true, "float_epochs": 1, "neuron": 2, "image": 1}})",
                                            "view.json");
        std::unique_ptr<ClockedModel> model = createModel(s);
        model->reset();
        RaceView view(ModuleViewContext{}, nullptr);
        view.resize(1400, 800);
        view.setFrame(std::make_shared<Frame>());  // not a tdnn frame: ignored, no crash
        QImage blank = view.grab().toImage();
        const QString out = qEnvironmentVariable("DFL_SCREENSHOT_DIR");
        for (std::int64_t cycle : {std::int64_t(0), std::int64_t(400), model->expectedCycles()}) {
            model->runUntil(cycle);
            view.setFrame(model->frame());
            const QImage image = view.grab().toImage();
            QVERIFY(!image.isNull());
            QVERIFY(image != blank);
            if (!out.isEmpty()) image.save(QDir(out).filePath(QString("tdnn-race-%1.png").arg(cycle)));
        }
        QVERIFY(model->done());
        for (const ChartSpec& c : model->charts()) {
            const QImage chart = renderChartImage(c, {1200, 800});
            QVERIFY2(!chart.isNull(), c.id.c_str());
            if (!out.isEmpty()) chart.save(QDir(out).filePath(QString::fromStdString("tdnn-chart-" + c.id + ".png")));
        }
    }

    // Opening a tdnn scenario trains on the controller's worker thread: progress arrives while the GUI thread keeps
    // processing events, Cancel stops the training (no model, no error), and a later load completes to 100 %.
    void buildsInTheBackgroundWithProgressAndCancel() {
        DFL_REQUIRE_FASHION_MNIST();
        auto scenario = [](int seed, int trainSamples, int epochs) {
            return loadScenarioText(QString(R"({"name": "build", "module": "tdnn", "seed": %1, "params": {"hidden": 64,
                "epochs": %3, "train_samples": %2, "test_samples": 500, "chips": 1, "sweep_sigmas": [0, 1],
                "chain_sides": [28], "lognet": false}})").arg(seed).arg(trainSamples).arg(epochs).toStdString(), "build.json");
        };
        SimulationController controller;
        std::vector<double> fractions;
        int started = 0, finished = 0, cancelled = 0, errors = 0;
        connect(&controller, &SimulationController::buildStarted, this, [&] { ++started; });
        connect(&controller, &SimulationController::buildProgress, this, [&](double f, const QString&) { fractions.push_back(f); });
        connect(&controller, &SimulationController::buildFinished, this, [&](bool c) { ++finished; cancelled += c; });
        connect(&controller, &SimulationController::error, this, [&] { ++errors; });

        // A seed no other test uses, so the experiment is not in the process's cache: it really trains (long).
        controller.loadScenario(scenario(918273, 60000, 50));
        QTRY_VERIFY_WITH_TIMEOUT(started == 1 && !fractions.empty() && fractions.back() > 0, 30000);
        QVERIFY(controller.isBuilding());
        QElapsedTimer gui;  // the GUI thread is free: a zero-delay timer fires at once while the build runs
        gui.start();
        bool fired = false;
        QTimer::singleShot(0, this, [&] { fired = true; });
        QTRY_VERIFY_WITH_TIMEOUT(fired, 1000);
        QVERIFY(gui.elapsed() < 500);
        controller.cancelBuild();
        QTRY_VERIFY_WITH_TIMEOUT(finished == 1, 5000);
        QCOMPARE(cancelled, 1);
        QVERIFY(fractions.back() < 1);
        QVERIFY(!controller.isBuilding());
        QVERIFY(!controller.scenario());  // nothing was open before: nothing is open now
        QCOMPARE(errors, 0);

        fractions.clear();
        controller.loadScenario(scenario(918274, 2000, 1));
        QTRY_VERIFY_WITH_TIMEOUT(controller.scenario() && controller.metrics(), 60000);
        QCOMPARE(finished, 2);
        QCOMPARE(cancelled, 1);
        QVERIFY(!fractions.empty());
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);
        QCOMPARE(errors, 0);
    }
};

QTEST_MAIN(TestTdnnView)
#include "test_tdnn_view.moc"
#include "tests/support/fashion_mnist.h"
