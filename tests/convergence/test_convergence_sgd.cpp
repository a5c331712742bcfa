// SPDX-License-Identifier: GPL-3.0-or-later
// Pipelined SGD: P = 1 is naive SGD bit for bit; every block reads the weight versions the pipeline schedule
// prescribes (delay 2P − 2S + 1); pruning old versions changes nothing; checkpoints resume exactly; timing.
#include "convergence_test_data.h"

#include "core/convergence/convergence_model.h"
#include "core/convergence/convergence_report.h"
#include "core/convergence/convergence_timing.h"
#include "core/convergence/pipelined_sgd.h"
#include "core/training/trainable_network.h"
#include "core/pipeline/pipeline_schedule.h"
#include "core/training/softmax_cross_entropy.h"

#include <QtTest>

using namespace dfl;

namespace {

struct Batches {
    std::vector<Matrix> inputs;
    std::vector<std::vector<int>> labels;
};

Batches batches(const Dataset& d, int batch, int count) {
    Batches b;
    for (int m = 0; m < count; ++m) {
        const int first = (m * batch) % (d.size() - batch);
        b.inputs.push_back(d.inputs.middleCols(first, batch));
        b.labels.emplace_back(d.labels.begin() + first, d.labels.begin() + first + batch);
    }
    return b;
}

TrainableNetwork freshNet(std::uint64_t seed = 5) {
    SeededRandom r(seed);
    return makeTrainableNetwork(test::smallCnn(), 10, r, "");
}

std::vector<int> blocksFor(const TrainableNetwork& t, const Partition& partition) {
    std::vector<int> blocks;
    for (int layer : t.networkLayerOf) blocks.push_back(partition.stageOf(layer) + 1);
    return blocks;
}

std::vector<Matrix> weightsOf(SequentialNet& net) {
    std::vector<Matrix> w;
    for (const ParamSlot& p : net.params()) w.push_back(*p.value);
    return w;
}

SgdParams sgd(double momentum = 0.9) {
    SgdParams p;
    p.learningRate = 0.05;
    p.momentum = momentum;
    return p;
}

}  // namespace

class TestConvergenceSgd : public QObject {
    Q_OBJECT
private slots:
    void oneStageIsNaiveSgdExactly() {
        const Batches b = batches(test::syntheticImages(200, 3), 16, 25);
        TrainableNetwork naive = freshNet(), piped = freshNet();
        SgdOptimizer naiveOpt(sgd()), pipedOpt(sgd());
        PipelinedSgd pipeline(piped.net, pipedOpt, std::vector<int>(piped.net.layers().size(), 1), 1);
        for (size_t m = 0; m < b.inputs.size(); ++m) {
            const double a = trainMiniBatch(naive.net, naiveOpt, b.inputs[m], b.labels[m]);
            const double p = pipeline.trainMiniBatch(b.inputs[m], b.labels[m]);
            QCOMPARE(p, a);  // the same loss, bit for bit
        }
        const std::vector<Matrix> wa = weightsOf(naive.net), wp = weightsOf(piped.net);
        for (size_t i = 0; i < wa.size(); ++i) QVERIFY(wa[i] == wp[i]);
    }
    void theOneIntraCycleOrderGivesTheTalksLatency() {
        // The talk: block S's weights are "updated with a latency of 2P − 2S + 1". With the schedule's one order
        // (backward first) the update of mini-batch m is first read by the forward pass of m + 2P − 2S + 1, in the
        // convergence module's trainer and in the pipeline module's timetable alike; forward first would give one more.
        QVERIFY(kIntraCycleOrder == IntraCycleOrder::BackwardFirst);
        for (int p : {1, 2, 4, 8}) {
            const PipelineSchedule schedule(p);
            for (int s = 1; s <= p; ++s)
                for (std::int64_t m : {1, 5, 40}) {
                    QCOMPARE(schedule.firstReaderOfUpdate(m, s), m + 2 * p - 2 * s + 1);
                    QCOMPARE(schedule.firstReaderOfUpdate(m, s, IntraCycleOrder::ForwardFirst), m + 2 * p - 2 * s + 2);
                }
        }
        const Batches b = batches(test::syntheticImages(200, 3), 16, 12);
        TrainableNetwork piped = freshNet();
        SgdOptimizer opt(sgd());
        const int stages = 3;
        PipelinedSgd pipeline(piped.net, opt, blocksFor(piped, Partition::evenByLayers(test::smallCnn().size(), stages)), stages);
        for (size_t i = 0; i < b.inputs.size(); ++i) {
            pipeline.trainMiniBatch(b.inputs[i], b.labels[i]);
            const std::int64_t m = std::int64_t(i) + 1;
            for (int s = 1; s <= stages; ++s)
                QCOMPARE(pipeline.lastVersions().forward[size_t(s - 1)], pipeline.schedule().updatesBeforeForward(m, s));
        }
    }
    void everyBlockReadsTheScheduledVersions_data() {
        QTest::addColumn<int>("stages");
        QTest::addColumn<bool>("stashing");
        for (int p : {2, 3, 4}) {
            QTest::addRow("P=%d", p) << p << false;
            QTest::addRow("P=%d stashing", p) << p << true;
        }
    }
    void everyBlockReadsTheScheduledVersions() {
        QFETCH(int, stages);
        QFETCH(bool, stashing);
        const Network network = test::smallCnn();
        TrainableNetwork t = freshNet();
        SgdOptimizer opt(sgd(0));
        const Partition partition = Partition::evenByLayers(network.size(), stages);
        PipelinedSgd pipeline(t.net, opt, blocksFor(t, partition), stages, stashing);
        const Batches b = batches(test::syntheticImages(300, 4), 8, 30);
        for (size_t i = 0; i < b.inputs.size(); ++i) {
            pipeline.trainMiniBatch(b.inputs[i], b.labels[i]);
            const std::int64_t m = std::int64_t(i) + 1;
            for (int s = 1; s <= stages; ++s) {
                const int delay = 2 * stages - 2 * s + 1;  // the talk's formula, checked against the schedule
                QCOMPARE(pipeline.schedule().weightUpdateDelay(s), delay);
                QCOMPARE(pipeline.schedule().backwardCycle(m, s) - pipeline.schedule().forwardCycle(m, s), std::int64_t(delay));
                const std::int64_t missed = delay - 1;  // updates the forward pass does not see (backward first)
                const std::int64_t forward = pipeline.lastVersions().forward[size_t(s - 1)];
                QCOMPARE(forward, std::max<std::int64_t>(0, m - 1 - missed));
                QCOMPARE(pipeline.lastVersions().backward[size_t(s - 1)], stashing ? forward : m - 1);
                // Only the versions a later pass still reads are kept (plus the current one).
                QVERIFY(pipeline.snapshots()[size_t(s - 1)].size() <= size_t(missed + 1));
            }
        }
    }
    void prunedHistoryEqualsKeepingEveryVersion() {
        // Reference: every weight version kept, each pass loads the one the schedule names.
        const int stages = 3;
        const Network network = test::smallCnn();
        const Partition partition = Partition::evenByLayers(network.size(), stages);
        TrainableNetwork ref = freshNet(), piped = freshNet();
        SgdOptimizer refOpt(sgd()), pipedOpt(sgd());
        PipelinedSgd pipeline(piped.net, pipedOpt, blocksFor(piped, partition), stages);
        const std::vector<int> blocks = blocksFor(ref, partition);
        std::vector<std::vector<Matrix>> history{weightsOf(ref.net)};
        const PipelineSchedule schedule(stages);
        auto loadPerBlock = [&](const std::vector<std::int64_t>& versionOfBlock) {
            std::vector<ParamSlot> params = ref.net.params();
            size_t slot = 0;
            for (size_t layer = 0; layer < ref.net.layers().size(); ++layer)
                for (size_t k = 0; k < ref.net.layers()[layer]->params().size(); ++k, ++slot)
                    *params[slot].value = history[size_t(versionOfBlock[size_t(blocks[layer] - 1)])][slot];
        };
        const Batches b = batches(test::syntheticImages(300, 5), 8, 20);
        for (size_t i = 0; i < b.inputs.size(); ++i) {
            const std::int64_t m = std::int64_t(i) + 1;
            std::vector<std::int64_t> forward, backward, current(size_t(stages), m - 1);
            for (int s = 1; s <= stages; ++s) {
                forward.push_back(schedule.updatesBeforeForward(m, s));
                backward.push_back(schedule.updatesBeforeBackward(m, s));
            }
            loadPerBlock(forward);
            const LossAndGradient lg = softmaxCrossEntropy(ref.net.forward(b.inputs[i], true), b.labels[i]);
            loadPerBlock(backward);
            ref.net.backward(lg.gradient);
            loadPerBlock(current);
            refOpt.step(ref.net.params());
            history.push_back(weightsOf(ref.net));
            QCOMPARE(pipeline.trainMiniBatch(b.inputs[i], b.labels[i]), lg.loss);
        }
        const std::vector<Matrix> wr = weightsOf(ref.net), wp = weightsOf(piped.net);
        for (size_t i = 0; i < wr.size(); ++i) QVERIFY(wr[i] == wp[i]);
    }
    void timingFollowsTheScheduleAndStageCosts() {
        auto network = std::make_shared<const Network>(test::smallCnn());
        TimingAssumptions a;
        a.batch = 16;
        const ScheduleTiming naive = naiveTiming(network, a);
        QCOMPARE(naive.timeAfterMs(10), 10 * naive.singleWorkerMs);
        for (int p : {2, 4}) {
            const ScheduleTiming t = pipelineTiming(network, p, a);
            QCOMPARE(t.stageCosts.size(), size_t(p));
            QVERIFY(std::abs(t.singleWorkerMs - naive.singleWorkerMs) < 1e-12 * naive.singleWorkerMs);
            double slowest = 0;
            for (const StageCost& c : t.stageCosts) slowest = std::max(slowest, c.timeMs());
            QCOMPARE(t.cycleMs, slowest);
            QVERIFY(t.throughputSpeedup() > 1 && t.throughputSpeedup() <= p);
            QCOMPARE(t.timeAfterMs(10), double(10 + 2 * p - 1) * t.cycleMs);  // stage 1 applies update 10 in cycle 10 + 2P − 1
            for (int s = 1; s <= p; ++s) QCOMPARE(t.updateDelays[size_t(s - 1)], 2 * p - 2 * s + 1);
        }
    }
    void targetCrossingInterpolates() {
        std::vector<CurvePoint> curve{{0, 0, 0, 2, 0.9}, {10, 0, 100, 1, 0.5}, {20, 0, 200, 1, 0.1}};
        TargetCrossing c = targetCrossing(curve, 0.3);
        QVERIFY(c.reached);
        QCOMPARE(c.miniBatches, 15.0);
        QCOMPARE(c.timeMs, 150.0);
        QVERIFY(!targetCrossing(curve, 0.05).reached);
        QCOMPARE(targetCrossing(curve, 0.95).timeMs, 0.0);
    }
    void modelIsDeterministicAndResumesFromCheckpoints() {
        auto network = std::make_shared<const Network>(test::smallCnn());
        auto data = std::make_shared<const TrainTestSplit>(test::syntheticSplit());
        ConvergenceConfig config;
        config.stages = {2, 4};
        config.batch = 16;
        config.trainSamples = 256;
        config.epochs = 2;
        config.learningRate = 0.05;
        config.momentum = 0.9;
        config.evaluationsPerEpoch = 4;
        config.weightStashing = true;
        ConvergenceModel a("a", network, config, data), b("b", network, config, data);
        QCOMPARE(a.expectedCycles(), std::int64_t(32));
        QCOMPARE(int(a.runs().size()), 5);
        a.runUntil(10);
        const std::string at10 = a.saveState();
        a.runUntil(32);
        QVERIFY(a.done());
        b.runUntil(32);
        QCOMPARE(a.saveState(), b.saveState());  // same seed, same bytes
        b.loadState(at10);
        QCOMPARE(b.cycle(), std::int64_t(10));
        b.runUntil(32);
        QCOMPARE(b.saveState(), a.saveState());  // resumed from the checkpoint: identical
        b.reset();
        QCOMPARE(b.cycle(), std::int64_t(0));
        QCOMPARE(int(b.runs().front()->curve().size()), 1);
        const MetricsReport r = a.metrics();
        const Table* curves = r.table("curves");
        QVERIFY(curves);
        QCOMPARE(int(curves->rows.size()), 5 * (1 + 8));  // point 0, then 4 per epoch
        QVERIFY(r.find("speedup_p2") && r.find("speedup_p4") && r.find("final_test_error_naive"));
        QVERIFY(r.value("final_test_error_naive") < 0.5);  // the synthetic task is learnt
        QCOMPARE(int(a.charts().size()), 4);
        // The speed-up chart's legend read "Seed 001 (VGG-F, ImageNet)": the project's internal name for its source,
        // which a class reads as a random seed. Legends and assumptions name the published figures and their source.
        const std::vector<ChartSpec> charts = a.charts();
        for (const ChartSpec& c : charts)
            for (const ChartSeries& s : c.series)
                QVERIFY2(!QString::fromStdString(s.name).contains("Seed", Qt::CaseInsensitive), qPrintable(QString::fromStdString(c.id + ": " + s.name)));
        for (const std::string& assumption : r.assumptions)
            QVERIFY2(!QString::fromStdString(assumption).contains("Seed 001"), assumption.c_str());
        const auto bars = std::find_if(charts.begin(), charts.end(), [](const ChartSpec& c) { return c.id == "speedup_vs_stages"; });
        QVERIFY(bars != charts.end());
        QCOMPARE(bars->series.back().name, std::string("Published (VGG-F, ImageNet)"));
    }
};

QTEST_GUILESS_MAIN(TestConvergenceSgd)
#include "test_convergence_sgd.moc"
