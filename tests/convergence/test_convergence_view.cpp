// SPDX-License-Identifier: GPL-3.0-or-later
// The convergence view offscreen: Train runs the comparison to the end through the controller, the charts and the
// speed-up table fill in, Cancel pauses. DFL_CONVERGENCE_SCREENSHOT=FILE also renders the demo scenario (real
// Fashion-MNIST, about a minute) and saves the view as a PNG for the docs.
#include "convergence_test_data.h"

#include "tests/support/image_checks.h"
#include "core/convergence/convergence_model.h"
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "views/chart_panel.h"
#include "views/convergence/convergence_view.h"
#include "views/simulation_controller.h"
#include "views/table_model.h"

#include <QPushButton>
#include <QtTest>

using namespace dfl;

namespace {

std::unique_ptr<ConvergenceModel> syntheticModel() {
    ConvergenceConfig config;
    config.stages = {2, 4};
    config.batch = 16;
    config.trainSamples = 256;
    config.epochs = 8;
    config.learningRate = 0.05;
    config.momentum = 0.9;
    config.targetError = 0.6;
    config.evaluationsPerEpoch = 4;
    return std::make_unique<ConvergenceModel>("synthetic", std::make_shared<const Network>(test::smallCnn()), config,
                                              std::make_shared<const TrainTestSplit>(test::syntheticSplit()));
}

}  // namespace

class TestConvergenceView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { registerControllerMetaTypes(); }
    void trainsThroughTheControllerAndFillsTheCharts() {
        SimulationController controller;
        Scenario scenario;
        scenario.name = "synthetic";
        scenario.module = "convergence";
        controller.loadModel(syntheticModel(), scenario);
        ConvergenceView view({&controller, nullptr});
        view.resize(1400, 900);
        view.show();
        QTRY_VERIFY(controller.metrics() != nullptr);
        QPushButton* train = nullptr;
        for (QPushButton* b : view.findChildren<QPushButton*>())
            if (b->text() == "Train") train = b;
        QVERIFY(train && train->isEnabled());
        QPushButton* cancel = nullptr;
        for (QPushButton* b : view.findChildren<QPushButton*>())
            if (b->text() == "Cancel") cancel = b;
        QVERIFY(cancel && !cancel->isEnabled());
        QTest::mouseClick(train, Qt::LeftButton);
        QTRY_VERIFY(controller.isRunning() || controller.isDone());
        if (!controller.isDone()) {  // Cancel pauses where it is; Train goes on from there
            QTRY_VERIFY(cancel->isEnabled() || controller.isDone());
            QTest::mouseClick(cancel, Qt::LeftButton);
            QTRY_VERIFY(!controller.isRunning());
            if (!controller.isDone()) {
                QTRY_VERIFY(train->isEnabled());
                QTest::mouseClick(train, Qt::LeftButton);
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(controller.isDone(), 30000);
        QVERIFY(!train->isEnabled());
        QTRY_COMPARE(view.speedupTable()->rowCount(), 3);  // naive, p2, p4
        QTRY_COMPARE(int(view.chart("test_error_vs_time")->spec().series.size()), 4);  // 3 runs + the target line
        QCOMPARE(view.chart("test_error_vs_minibatches")->spec().series.front().x.back(), 128.0);
        QVERIFY(test::distinctColours(view.grab().toImage()) > 3);  // painted curves and table
    }
    void demoScreenshot() {
        const QByteArray path = qgetenv("DFL_CONVERGENCE_SCREENSHOT");
        if (path.isEmpty()) QSKIP("set DFL_CONVERGENCE_SCREENSHOT=FILE to render the demo scenario");
        auto model = createModel(loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/convergence-fashion-cnn.json"));
        model->runUntil(model->expectedCycles());
        ConvergenceView view({nullptr, nullptr});
        view.resize(1600, 1000);
        view.setReport(std::make_shared<MetricsReport>(model->metrics()),
                       std::make_shared<std::vector<ChartSpec>>(model->charts()));
        view.setProgress(model->cycle(), model->expectedCycles(), true);
        view.show();
        QTest::qWait(200);
        QVERIFY(view.grab().save(QString::fromLocal8Bit(path)));
    }
};

QTEST_MAIN(TestConvergenceView)
#include "test_convergence_view.moc"
