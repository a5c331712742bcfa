// SPDX-License-Identifier: GPL-3.0-or-later
// The tdnn module end to end on a small but real Fashion-MNIST run: the issue's "done means" as tests.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/history.h"
#include "core/sim/input_error.h"
#include "core/tdnn/packed_bits.h"
#include "core/tdnn/tdnn_experiment.h"
#include "core/tdnn/tdnn_model.h"
#include "core/tdnn/tdnn_module.h"
#include "core/training/dataset.h"
#include "tests/support/fashion_mnist.h"
#include "tests/support/sanitized_build.h"

#include <QtTest>

#include <cmath>

using namespace dfl;

namespace {

const char* kScenario = R"({
  "name": "tdnn test", "module": "tdnn", "seed": 5,
  "params": { "hidden": 64, "epochs": 2, "train_samples": 6000, "test_samples": 2000, "chips": 2,
              "sigma_static": 1.0, "sigma_jitter": 0.5, "arbiter_offset": 2.0,
              "sweep_sigmas": [0, 0.5, 1, 2, 4], "chain_sides": [14, 28], "float_epochs": 2,
              "neuron": 5, "image": 7 } })";

// Under the sanitizers a reduced size of the same run (tests/support/sanitized_build.h); the statistical figures are
// checked at full size in the release suite.
std::vector<Override> sized(std::vector<Override> overrides) {
    if (test::kSanitizedBuild)
        for (const char* o : {"params.train_samples=1000", "params.test_samples=300", "params.epochs=1",
                              "params.float_epochs=1", "params.sweep_sigmas=[0, 2]"})
            overrides.insert(overrides.begin(), parseOverride(o));
    return overrides;
}

Scenario scenario(const std::vector<Override>& overrides = {}) {
    return loadScenarioText(kScenario, "test.json", sized(overrides));
}

}  // namespace

class TestTdnnExperiment : public QObject {
    Q_OBJECT
    std::shared_ptr<const TdnnResults> results_;

private slots:
    void initTestCase() {
        DFL_REQUIRE_FASHION_MNIST();
        results_ = runTdnnExperiment(tdnnConfigFromScenario(scenario()));
    }
    void digitalAccuracyIsReasonable() {
        DFL_FIGURE_CHECK_NEEDS_FULL_SIZE();
        QVERIFY(results_->lognet.has_value());
        qInfo("digital %.4f, float CNN %.4f, time domain %.4f", results_->digitalAccuracy, results_->lognet->floatTop1,
              results_->withVariation.accuracy);
        QVERIFY(results_->digitalAccuracy > 0.75);  // a small, briefly trained network; the demo reaches the mid-80s
        QVERIFY(results_->lognet->floatTop1 > 0.75);
    }
    void timeDomainEqualsDigitalWithoutVariation() {
        QCOMPARE(results_->noVariation.accuracy, results_->digitalAccuracy);
        QCOMPARE(results_->noVariation.agreement, 1.0);
        QCOMPARE(results_->noVariation.flipRate, 0.0);
    }
    void xnorPopcountEqualsTheForwardPassBitForBit() {
        const FoldedBnn& bnn = *results_->bnn;
        const PackedBnn packed(bnn);
        const Eigen::MatrixXf& x = results_->testBinary.inputs;
        const Eigen::MatrixXf sums = bnn.hidden[0].weights * x;
        const Eigen::MatrixXf hidden = hiddenActivations(bnn.hidden[0], x);
        const Eigen::MatrixXf outSums = bnn.output.weights * hidden;
        const std::vector<int> predicted = predictFolded(bnn, x);
        for (int s = 0; s < x.cols(); ++s) {
            const std::vector<std::vector<int>> p = packed.sums(packPlusMinusOne(x.col(s).data(), int(x.rows())));
            for (int j = 0; j < sums.rows(); ++j) QCOMPARE(p[0][std::size_t(j)], int(sums(j, s)));
            for (int c = 0; c < outSums.rows(); ++c) QCOMPARE(p[1][std::size_t(c)], int(outSums(c, s)));
            QCOMPARE(packed.predict(packPlusMinusOne(x.col(s).data(), int(x.rows()))), predicted[std::size_t(s)]);
        }
    }
    void cycleModelAgreesWithEventModel() {
        // Static mismatch and arbiter offsets on chip 1: race sampled neurons stage by stage and compare decisions.
        const TimeDomainEvaluator& e = *results_->evaluator;
        const Variation v{1.5, 0, 4};
        const Eigen::MatrixXf decisions = e.firstLayerDecisions(v, 1);
        const FoldedBinaryLayer& layer = results_->bnn->hidden[0];
        int compared = 0;
        for (int j = 0; j < layer.outputs(); j += 7)
            for (int s = 0; s < 300; s += 13) {
                DelayChainInput in;
                for (int k = 0; k < layer.inputs(); ++k) {
                    in.weights.push_back(int(layer.weights(j, k)));
                    in.inputs.push_back(int(results_->testBinary.inputs(k, s)));
                }
                in.threshold = layer.thresholds[std::size_t(j)];
                in.mismatch = e.stageMismatch(1, j, v.sigmaStatic);
                in.arbiterOffset = e.arbiterOffset(1, j, v.arbiterOffset);
                const DelayChainState st = runDelayChain(in);
                const double margin = closedFormDifference(in) - (in.threshold - 0.5) - in.arbiterOffset;
                if (std::abs(margin) > 1e-3) QCOMPARE(float(st.decision), decisions(j, s));  // float vs double sums
                ++compared;
            }
        QVERIFY(compared > 100);
    }
    void accuracyFallsAsSigmaGrows() {
        DFL_FIGURE_CHECK_NEEDS_FULL_SIZE();
        for (const char* kind : {"static", "jitter", "arbiter"}) {
            std::vector<double> acc;
            for (const SweepRow& r : results_->sweep)
                if (r.kind == kind) acc.push_back(r.outcome.accuracy);
            QCOMPARE(acc.front(), results_->digitalAccuracy);
            for (std::size_t i = 1; i < acc.size(); ++i) QVERIFY2(acc[i] <= acc[i - 1] + 0.01, kind);
            QVERIFY2(acc.back() < acc.front() - 0.05, kind);
        }
    }
    void flipRateTracksTheGaussianPrediction() {
        DFL_FIGURE_CHECK_NEEDS_FULL_SIZE();
        for (const SweepRow& r : results_->sweep) {
            if (r.outcome.predictedFlipRate < 0.005) continue;
            const double rel = std::abs(r.outcome.flipRate / r.outcome.predictedFlipRate - 1);
            QVERIFY2(rel < 0.15, (r.kind + " σ " + std::to_string(r.sigma) + ": " + std::to_string(r.outcome.flipRate) +
                                  " vs " + std::to_string(r.outcome.predictedFlipRate)).c_str());
        }
        for (const MarginBin& b : results_->margins)
            if (b.decisions > 20000) QVERIFY(std::abs(double(b.flips) / double(b.decisions) - b.predicted) < 0.03);
    }
    void lognetAccuracyAgainstBits() {
        DFL_FIGURE_CHECK_NEEDS_FULL_SIZE();
        const LognetCnnStudy& study = *results_->lognet;
        QCOMPARE(study.network, std::string("fashion-cnn"));
        QCOMPARE(study.sweep.size(), size_t(4 * 2 * 6));  // 3–6 bits × linear, log2 × six full-scale ranges
        QCOMPARE(study.best.size(), size_t(4 * 2));
        auto best = [&](QuantScheme scheme, int bits) {
            for (const LognetCnnRow& r : study.best)
                if (r.scheme == scheme && r.totalBits == bits) return r;
            return LognetCnnRow{};
        };
        for (int bits = 3; bits <= 6; ++bits)
            qInfo("%d bits: log2 top-1 %.3f top-5 %.3f (FSR %d) | linear top-1 %.3f top-5 %.3f (FSR %d)", bits,
                  best(QuantScheme::Log, bits).top1, best(QuantScheme::Log, bits).top5, best(QuantScheme::Log, bits).fsr,
                  best(QuantScheme::Linear, bits).top1, best(QuantScheme::Linear, bits).top5, best(QuantScheme::Linear, bits).fsr);
        for (const LognetCnnRow& row : study.sweep) {
            QVERIFY(row.top5 >= row.top1);
            QVERIFY(row.top1 <= best(row.scheme, row.totalBits).top1);  // the table keeps the best of the sweep
        }
        // The source's claim (LOGNET slide "Evaluation of Proposed 2": top-5 after encoding every layer's weights,
        // no retraining): log2 at 5 bits loses 3.7 (AlexNet) and 3.8 (VGG16) points of top-5. Linear at 6 bits (steps
        // of FSR/32) keeps the float top-1. Log2's top-1 is not claimed to reach float's at any width: its steps
        // stay a factor 2 apart (a relative error up to 1/3 per weight) whatever the bits; the gap is printed above
        // and reported in docs/tdnn.md. The coarsest full-scale range (everything but the largest weights
        // underflows) breaks both encodings.
        qInfo("float top-1 %.3f top-5 %.3f", study.floatTop1, study.floatTop5);
        QVERIFY(best(QuantScheme::Log, 5).top5 > study.floatTop5 - 0.04);
        QVERIFY(best(QuantScheme::Linear, 6).top1 > study.floatTop1 - 0.03);
        for (QuantScheme scheme : {QuantScheme::Log, QuantScheme::Linear}) {
            double worst = 1;
            for (const LognetCnnRow& row : study.sweep)
                if (row.scheme == scheme && row.totalBits == 3) worst = std::min(worst, row.top1);
            QVERIFY(worst < study.floatTop1 - 0.1);
        }
        QCOMPARE(topKAccuracy(Matrix::Identity(3, 3), {0, 1, 2}, 1), 1.0);
        QCOMPARE(topKAccuracy((Matrix(3, 2) << 0.1f, 0.9f, 0.5f, 0.0f, 0.4f, 0.2f).finished(), {2, 2}, 1), 0.0);
        QCOMPARE(topKAccuracy((Matrix(3, 2) << 0.1f, 0.9f, 0.5f, 0.0f, 0.4f, 0.2f).finished(), {2, 2}, 2), 1.0);
    }
    void raceSteppingAndHistory() {
        const Scenario s = scenario({parseOverride("params.sigma_jitter=0.8")});
        std::unique_ptr<ClockedModel> model = createModel(s);
        auto& tdnn = dynamic_cast<TdnnModel&>(*model);
        const int n = tdnn.setup().stages();
        QCOMPARE(model->expectedCycles(), std::int64_t(n + 1));
        History h(*model, 64);
        h.reset();
        h.runUntil(300);
        const std::string at300 = model->saveState();
        h.runUntil(n + 1);
        QVERIFY(model->done());
        const auto f = std::static_pointer_cast<const TdnnFrame>(model->frame());
        QCOMPARE(f->state.decided, true);
        QVERIFY(std::abs(f->runningSum - closedFormDifference(tdnn.setup().chain)) < 1e-9);
        h.seek(300);
        QCOMPARE(model->saveState(), at300);  // jitter is replayed identically
    }
    void raceWithoutVariationDecidesLikeTheDigitalNeuron() {
        const Scenario s = scenario({parseOverride("params.sigma_static=0"), parseOverride("params.sigma_jitter=0"),
                                     parseOverride("params.arbiter_offset=0")});
        std::unique_ptr<ClockedModel> model = createModel(s);
        model->reset();
        model->runUntil(1 << 20);
        const auto f = std::static_pointer_cast<const TdnnFrame>(model->frame());
        QCOMPARE(f->state.decision, f->setup->digitalDecision);
        QCOMPARE(f->runningSum, double(f->setup->digitalSum));
        QCOMPARE(f->setup->timeDomainPrediction, f->setup->digitalPrediction);
    }
    void trainingIsDeterministic() {
        TdnnConfig c = tdnnConfigFromScenario(scenario());
        const TrainTestSplit d = loadFashionMnist(c.dataDirectory, 1000, 10);
        c.epochs = 1;
        const TrainedBinarized a = trainBinarized(c, d.train, "determinism-a");
        const TrainedBinarized b = trainBinarized(c, d.train, "determinism-b");  // another key: trained again
        QVERIFY(a.bnn != b.bnn);
        QCOMPARE(a.bnn->hidden[0].weights, b.bnn->hidden[0].weights);
        QCOMPARE(a.bnn->hidden[0].thresholds, b.bnn->hidden[0].thresholds);
    }
    void badInputNamesTheKey() {
        auto expectError = [](const std::vector<Override>& o, const std::string& place) {
            try {
                createModel(scenario(o));
                QFAIL("accepted");
            } catch (const InputError& e) {
                QCOMPARE(e.place(), place);
                QCOMPARE(e.file(), std::string("test.json"));
            }
        };
        expectError({parseOverride("params.chain_sides=[5]")}, "params.chain_sides");
        expectError({parseOverride("params.neuron=64")}, "params.neuron");
        expectError({parseOverride("params.image=2000")}, "params.image");
        expectError({parseOverride("params.data_dir=/nonexistent")}, "params.data_dir");
        QVERIFY_THROWS_EXCEPTION(InputError, scenario({parseOverride("params.sigma_static=-1")}));
    }
};

QTEST_GUILESS_MAIN(TestTdnnExperiment)
#include "test_tdnn_experiment.moc"
#include "tests/support/fashion_mnist.h"
