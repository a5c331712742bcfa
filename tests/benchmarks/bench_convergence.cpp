// SPDX-License-Identifier: GPL-3.0-or-later
// Training speed of the convergence demo's CNN: mini-batches per second for naive SGD and for 4- and 8-stage
// pipelined SGD (the weight-version bookkeeping on top), plus one evaluation of 1000 test images. And what the GUI
// feels: the time from building the demo model to its first curve point, and a seek or step back to any cycle of a
// finished run through History, as the GUI controller keeps it (checkpoints every 64 cycles; the model's own
// snapshots every 2, within a 256 MB budget).
#include "core/convergence/pipelined_sgd.h"
#include "core/modules/module_registry.h"
#include "core/sim/history.h"
#include "core/training/dataset.h"
#include "core/training/trainable_network.h"
#include "core/pipeline/partition.h"
#include "core/network/network_io.h"
#include "core/scenario/scenario.h"
#include "core/training/seeded_random.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace dfl;

namespace {

Network demoNetwork() {
    return loadBuiltinNetwork("fashion-cnn");
}

struct Batch {
    Matrix inputs;
    std::vector<int> labels;
};

Batch randomBatch(int size) {
    SeededRandom r(3);
    Batch b{Matrix(784, size), {}};
    for (Eigen::Index i = 0; i < b.inputs.size(); ++i) b.inputs.data()[i] = float(r.uniform01());
    for (int i = 0; i < size; ++i) b.labels.push_back(int(r.below(10)));
    return b;
}

void report(const char* what, int miniBatches, qint64 ns) {
    qInfo("%s: %.1f mini-batches/s (batch 32)", what, miniBatches / (double(ns) * 1e-9));
}

}  // namespace

class BenchConvergence : public QObject {
    Q_OBJECT
private slots:
    void naiveSgd() {
        const Network network = demoNetwork();
        SeededRandom r(1);
        TrainableNetwork t = makeTrainableNetwork(network, 10, r, "");
        SgdParams p;
        p.learningRate = 0.02;
        SgdOptimizer opt(p);
        const Batch b = randomBatch(32);
        QElapsedTimer timer;
        timer.start();
        int count = 0;
        QBENCHMARK {
            trainMiniBatch(t.net, opt, b.inputs, b.labels);
            ++count;
        }
        report("naive SGD", count, timer.nsecsElapsed());
    }
    void pipelinedSgd_data() {
        QTest::addColumn<int>("stages");
        QTest::newRow("P=4") << 4;
        QTest::newRow("P=8") << 8;
    }
    void pipelinedSgd() {
        QFETCH(int, stages);
        const Network network = demoNetwork();
        SeededRandom r(1);
        TrainableNetwork t = makeTrainableNetwork(network, 10, r, "");
        const Partition partition = Partition::evenByLayers(network.size(), stages);
        std::vector<int> blocks;
        for (int layer : t.networkLayerOf) blocks.push_back(partition.stageOf(layer) + 1);
        SgdParams p;
        p.learningRate = 0.02;
        SgdOptimizer opt(p);
        PipelinedSgd pipeline(t.net, opt, blocks, stages);
        const Batch b = randomBatch(32);
        QElapsedTimer timer;
        timer.start();
        int count = 0;
        QBENCHMARK {
            pipeline.trainMiniBatch(b.inputs, b.labels);
            ++count;
        }
        report(QTest::currentDataTag(), count, timer.nsecsElapsed());
    }
    void firstCurvePointAndSeek() {
        if (!fashionMnistAvailable()) QSKIP("Fashion-MNIST is not installed");
        const Scenario scenario = loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/convergence-fashion-cnn.json",
                                                   {parseOverride("params.seeds=1")});
        (void)createModel(scenario);  // loads and caches the data set, as the GUI's first open does
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<ClockedModel> model = createModel(scenario);  // point 0 of every run is in its first frame
        History history(*model);
        history.reset();
        history.step();
        qInfo("build + point 0 + first mini-batch: %.0f ms", double(timer.nsecsElapsed()) * 1e-6);
        timer.restart();
        history.runUntil(model->expectedCycles());
        qInfo("whole run: %.1f s, %.1f ms per cycle (every run's mini-batch, evaluations at their cadence)",
              double(timer.nsecsElapsed()) * 1e-9, double(timer.nsecsElapsed()) * 1e-6 / double(model->expectedCycles()));
        qInfo("checkpoints: %zu, %.1f MB (every %lld cycles)", history.checkpointCount(),
              double(history.checkpointBytes()) * 1e-6, static_cast<long long>(history.interval()));
        double worst = 0, total = 0;
        int seeks = 0;
        SeededRandom r(7);
        for (int i = 0; i < 40; ++i) {
            const std::int64_t target = std::int64_t(r.below(std::uint64_t(model->expectedCycles())));
            timer.restart();
            history.seek(target);
            const double ms = double(timer.nsecsElapsed()) * 1e-6;
            worst = std::max(worst, ms);
            total += ms;
            ++seeks;
            QCOMPARE(model->cycle(), target);
        }
        qInfo("seek to a random cycle: mean %.1f ms, worst %.1f ms over %d seeks", total / seeks, worst, seeks);
        history.seek(300);
        worst = 0;
        for (int i = 0; i < 20; ++i) {
            timer.restart();
            history.stepBack();
            worst = std::max(worst, double(timer.nsecsElapsed()) * 1e-6);
        }
        qInfo("step back from cycle 300: worst %.1f ms over 20 steps", worst);
    }
    void evaluateThousandImages_data() {
        QTest::addColumn<int>("chunk");
        for (int chunk : {32, 64, 250, 500, 1000}) QTest::addRow("chunk %d", chunk) << chunk;
    }
    void evaluateThousandImages() {
        QFETCH(int, chunk);
        const Network network = demoNetwork();
        SeededRandom r(1);
        TrainableNetwork t = makeTrainableNetwork(network, 10, r, "");
        const Batch b = randomBatch(1000);
        QBENCHMARK { t.net.scores(b.inputs, chunk); }
    }
};

QTEST_GUILESS_MAIN(BenchConvergence)
#include "bench_convergence.moc"
