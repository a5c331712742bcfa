// Training speed of the convergence demo's CNN: mini-batches per second for naive SGD and for 4- and 8-stage
// pipelined SGD (the weight-version bookkeeping on top), plus one evaluation of 1000 test images.
#include "core/convergence/pipelined_sgd.h"
#include "core/convergence/trainable_network.h"
#include "core/pipeline/partition.h"
#include "core/scenario/scenario.h"
#include "core/training/seeded_random.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace dfl;

namespace {

Network demoNetwork() {
    return *loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/convergence-fashion-cnn.json").network;
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
        PipelinedSgd pipeline(t.net, opt, blocks, stages, IntraCycleOrder::UpdateFirst);
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
    void evaluateThousandImages_data() {
        QTest::addColumn<int>("chunk");
        for (int chunk : {32, 64, 250, 1000}) QTest::addRow("chunk %d", chunk) << chunk;
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
