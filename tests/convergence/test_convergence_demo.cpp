// SPDX-License-Identifier: GPL-3.0-or-later
// The published figure issue #4 names (seed 001, "Training convergences evaluation"): the demo scenario, trained
// for real on Fashion-MNIST, must show the seed's shape — every pipeline reaches the target error, the speed-up
// over naive SGD grows with the stage count but stays below it, and staleness costs mini-batches. The scenario is
// run exactly as `dataflow-lab batch scenarios/convergence-fashion-cnn.json` runs it (its reference checks too).
// Skipped when Debian's dataset-fashion-mnist is not installed; the setup scripts install it.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/training/dataset.h"
#include "tests/support/fashion_mnist.h"
#include "tests/support/sanitized_build.h"

#include <QtTest>

#include <cmath>

using namespace dfl;

class TestConvergenceDemo : public QObject {
    Q_OBJECT
private slots:
    void demoReproducesTheSeedsShape() {
        DFL_REQUIRE_FASHION_MNIST();
        // Under the sanitizers: the same four trainings on a tenth of the data, for memory safety (sanitized_build.h).
        std::vector<Override> reduced;
        if (test::kSanitizedBuild)
            for (const char* o : {"params.train_samples=640", "params.test_samples=200", "params.epochs=1"})
                reduced.push_back(parseOverride(o));
        const Scenario scenario = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/convergence-fashion-cnn.json", reduced);
        auto model = createModel(scenario);
        model->runUntil(model->expectedCycles());
        QVERIFY(model->done());
        MetricsReport report = model->metrics();
        QVERIFY(std::isfinite(report.value("final_test_error_naive")));
        DFL_FIGURE_CHECK_NEEDS_FULL_SIZE();
        QVERIFY2(report.checkReferences(scenario.references), "the scenario's reference checks fail");

        const double p2 = report.value("speedup_p2"), p4 = report.value("speedup_p4"), p8 = report.value("speedup_p8");
        qInfo("speed-ups to %.2f test error: P=2 %.3f, P=4 %.3f, P=8 %.3f", report.value("target_error"), p2, p4, p8);
        for (double s : {p2, p4, p8}) QVERIFY2(std::isfinite(s), "a run never reached the target");
        QVERIFY(1 < p2 && p2 < p4 && p4 < p8);  // grows with P ...
        QVERIFY(p2 < 2 && p4 < 4 && p8 < 8);    // ... but stays below P
        // Staleness slows convergence per mini-batch: the 8-stage pipeline needs more of them than naive SGD, and
        // its time speed-up falls short of what its throughput alone would give.
        QVERIFY(report.value("minibatches_to_target_p8") > report.value("minibatches_to_target_naive"));
        QVERIFY(p8 < report.value("throughput_speedup_p8"));
        for (const char* key : {"final_test_error_naive", "final_test_error_p4"})
            QVERIFY2(report.value(key) <= report.value("target_error"), key);
    }
};

QTEST_GUILESS_MAIN(TestConvergenceDemo)
#include "test_convergence_demo.moc"
#include "tests/support/fashion_mnist.h"
