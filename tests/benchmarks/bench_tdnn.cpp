// SPDX-License-Identifier: GPL-3.0-or-later
// Time-domain evaluations per second: the event-level model over the Fashion-MNIST test set (one chip, with
// variation) and the cycle model racing single neurons stage by stage; plus binarised training mini-batches.
#include "core/tdnn/delay_chain.h"
#include "core/tdnn/packed_bits.h"
#include "core/tdnn/tdnn_experiment.h"
#include "core/training/dataset.h"
#include "tests/support/fashion_mnist.h"

#include <QtTest>

#include <cmath>

using namespace dfl;

class BenchTdnn : public QObject {
    Q_OBJECT
    std::shared_ptr<const TdnnResults> results_;

private slots:
    void initTestCase() {
        DFL_REQUIRE_FASHION_MNIST();
        TdnnConfig c;
        c.dataDirectory = fashionMnistDirectory();
        c.trainSamples = 5000;
        c.epochs = 1;
        c.chips = 1;
        c.lognet = false;
        c.sweepSigmas.clear();  // the benchmarks below need the trained network only
        c.chainSides.clear();
        c.variation = {1, 0.5, 2};
        results_ = runTdnnExperiment(c);
    }
    // One evaluation = one image through the whole network (256 delay chains of 784 stages + output layer).
    void eventLevelTestSetWithVariation() {
        const int images = results_->testBinary.size();
        QBENCHMARK { results_->evaluator->evaluate(results_->config.variation); }
        qInfo("%d image evaluations per iteration (divide by the time per iteration)", images);
    }
    void xnorPopcountTestSet() {
        const PackedBnn packed(*results_->bnn);
        const Eigen::MatrixXf& x = results_->testBinary.inputs;
        std::vector<PackedBits> inputs;
        for (int s = 0; s < x.cols(); ++s) inputs.push_back(packPlusMinusOne(x.col(s).data(), int(x.rows())));
        int correct = 0;
        QBENCHMARK {
            correct = 0;
            for (size_t s = 0; s < inputs.size(); ++s)
                correct += packed.predict(inputs[s]) == results_->testBinary.labels[s] ? 1 : 0;
        }
        // XNOR-popcount is the folded network bit for bit: exactly the digital accuracy the experiment reported.
        QCOMPARE(correct, int(std::lround(results_->digitalAccuracy * double(inputs.size()))));
    }
    // One neuron, one image, 784 stages stepped one by one with jitter (what the view animates).
    void cycleModelOneNeuron() {
        DelayChainInput in;
        const FoldedBinaryLayer& layer = results_->bnn->hidden[0];
        for (int k = 0; k < layer.inputs(); ++k) {
            in.weights.push_back(int(layer.weights(0, k)));
            in.inputs.push_back(int(results_->testBinary.inputs(k, 0)));
        }
        in.jitterSigma = 0.5;
        int decision = 0;
        QBENCHMARK { decision += runDelayChain(in).decision; }
        Q_UNUSED(decision);
    }
};

QTEST_GUILESS_MAIN(BenchTdnn)
#include "bench_tdnn.moc"
#include "tests/support/fashion_mnist.h"
