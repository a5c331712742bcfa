// SPDX-License-Identifier: GPL-3.0-or-later
// The time-domain neuron without training: the delay chain against its closed form, the XNOR-popcount
// reference against the ±1 product, jitter statistics, the LOGNET quantisers, and the event-level evaluator on a
// hand-made two-hidden-layer network against whole-matrix arithmetic.
#include "core/tdnn/delay_chain.h"
#include "core/tdnn/lognet_quantizer.h"
#include "core/tdnn/packed_bits.h"
#include "core/tdnn/time_domain_evaluator.h"
#include "core/tdnn/variation.h"
#include "core/training/seeded_random.h"
#include "core/training/softmax_cross_entropy.h"

#include <QtTest>

#include <cmath>

using namespace dfl;

namespace {

DelayChainInput randomChain(SeededRandom& r, int n) {
    DelayChainInput in;
    for (int k = 0; k < n; ++k) {
        in.weights.push_back(r.uniform01() < 0.5 ? -1 : 1);
        in.inputs.push_back(r.uniform01() < 0.4 ? -1 : 1);
    }
    in.threshold = int(r.below(41)) - 20;
    return in;
}

int dot(const DelayChainInput& in) {
    int s = 0;
    for (std::size_t k = 0; k < in.weights.size(); ++k) s += in.weights[k] * in.inputs[k];
    return s;
}


Eigen::MatrixXf plusMinusOne(SeededRandom& r, Eigen::Index rows, Eigen::Index cols) {
    Eigen::MatrixXf m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = r.uniform01() < 0.5 ? -1.0f : 1.0f;
    return m;
}

// A folded 40-24-16-5 network with random ±1 weights and thresholds near the middle of each sum's range.
FoldedBnn randomFoldedBnn(SeededRandom& r) {
    FoldedBnn bnn;
    for (const auto& [outputs, inputs] : {std::pair{24, 40}, std::pair{16, 24}}) {
        FoldedBinaryLayer layer;
        layer.weights = plusMinusOne(r, outputs, inputs);
        for (int j = 0; j < outputs; ++j) layer.thresholds.push_back(int(r.below(9)) - 4);
        bnn.hidden.push_back(layer);
    }
    bnn.output.weights = plusMinusOne(r, 5, 16);
    bnn.output.scale = Eigen::VectorXd::Constant(5, 0.5);
    bnn.output.offset = Eigen::VectorXd::LinSpaced(5, -0.2, 0.2);
    return bnn;
}

// One chip's class predictions, every layer a whole-matrix expression: sums + σ·mismatch sums + σ_j·√n·jitter,
// compared with T − ½ + the arbiter's offset.
std::vector<int> predictionsByWholeMatrices(const FoldedBnn& bnn, const Eigen::MatrixXf& inputs,
                                           const TimeDomainEvaluator::Chip& chip, const Variation& v) {
    Eigen::MatrixXf x = inputs;
    for (std::size_t l = 0; l < bnn.hidden.size(); ++l) {
        const FoldedBinaryLayer& layer = bnn.hidden[l];
        Eigen::MatrixXf d = layer.weights * x;
        if (v.sigmaStatic != 0)
            d += float(v.sigmaStatic) * (l == 0 ? chip.firstMismatchSums : Eigen::MatrixXf(chip.mismatch[l] * x));
        if (v.sigmaJitter != 0) d += float(v.sigmaJitter * std::sqrt(double(layer.inputs()))) * chip.jitter[l];
        Eigen::MatrixXf fired(d.rows(), d.cols());
        for (Eigen::Index s = 0; s < d.cols(); ++s)
            for (Eigen::Index j = 0; j < d.rows(); ++j)
                fired(j, s) = d(j, s) - (float(layer.thresholds[std::size_t(j)]) - 0.5f) >
                                      float(v.arbiterOffset) * chip.arbiter[l](j)
                                  ? 1.0f
                                  : -1.0f;
        x = fired;
    }
    return argmaxPerColumn(outputScores(bnn.output, x));
}

}  // namespace

class TestTdnnCore : public QObject {
    Q_OBJECT
private slots:
    void chainWithoutVariationIsTheDotProduct() {
        SeededRandom r(1);
        for (int trial = 0; trial < 50; ++trial) {
            const DelayChainInput in = randomChain(r, 1 + int(r.below(784)));
            DelayChainState s;
            int partial = 0;
            for (std::size_t k = 0; k < in.weights.size(); ++k) {
                stepDelayChain(in, s);
                partial += in.weights[k] * in.inputs[k];
                QCOMPARE(runningSum(in, s), double(partial));  // the lines carry ±(running sum) at every stage
            }
            QCOMPARE(s.bottomTime - s.topTime, double(dot(in)));  // exact: integer multiples of Δ
            QCOMPARE(closedFormDifference(in), double(dot(in)));
            stepDelayChain(in, s);
            QVERIFY(s.decided);
            QCOMPARE(s.decision, dot(in) >= in.threshold ? 1 : -1);
            QCOMPARE(runningSum(in, s), double(dot(in)));
        }
    }
    void crossoversFollowPreEncodedInputs() {
        const std::vector<int> x{1, -1, -1, 1};
        QCOMPARE(preEncodedInputs(x), (std::vector<int>{-1, 1, -1, 1}));  // x_k·x_{k+1}, last against +1
    }
    void staticMismatchMatchesClosedForm() {
        SeededRandom r(2);
        for (int trial = 0; trial < 20; ++trial) {
            DelayChainInput in = randomChain(r, 784);
            for (int k = 0; k < 784; ++k) in.mismatch.push_back(0.7 * r.normal());
            in.arbiterOffset = 3 * r.normal();
            const DelayChainState s = runDelayChain(in);
            const double d = closedFormDifference(in);
            QVERIFY(std::abs((s.bottomTime - s.topTime + in.threshold - 0.5) - d) < 1e-9);
            QCOMPARE(s.decision, d - (in.threshold - 0.5) > in.arbiterOffset ? 1 : -1);
        }
    }
    void jitterAddsVarianceNSigmaSquared() {
        SeededRandom r(3);
        DelayChainInput in = randomChain(r, 400);
        in.jitterSigma = 0.5;
        const double ideal = dot(in);
        double sum = 0, sumSq = 0;
        const int runs = 800;
        for (int i = 0; i < runs; ++i) {
            in.jitterSeed = std::uint64_t(i) * 7919;
            const DelayChainState s = runDelayChain(in);
            const double e = s.bottomTime - s.topTime + in.threshold - 0.5 - ideal;
            QVERIFY(std::abs(e + ideal - closedFormDifference(in)) < 1e-9);  // same draws, same sum
            sum += e;
            sumSq += e * e;
        }
        const double variance = sumSq / runs - (sum / runs) * (sum / runs);
        const double expected = 400 * 0.25;
        QVERIFY2(std::abs(variance / expected - 1) < 0.15, std::to_string(variance).c_str());
    }
    void xnorPopcountEqualsPlusMinusOneProduct() {
        SeededRandom r(4);
        for (int n : {1, 63, 64, 65, 784}) {
            std::vector<float> a, b;
            int expected = 0;
            for (int k = 0; k < n; ++k) {
                a.push_back(r.uniform01() < 0.5 ? -1.0f : 1.0f);
                b.push_back(r.uniform01() < 0.5 ? -1.0f : 1.0f);
                expected += int(a.back() * b.back());
            }
            QCOMPARE(xnorPopcountDot(packPlusMinusOne(a.data(), n), packPlusMinusOne(b.data(), n)), expected);
        }
    }
    void gaussianPrediction() {
        QCOMPARE(predictedFlipProbability(0, 1), 0.5);
        QVERIFY(std::abs(predictedFlipProbability(1.0, 1.0) - 0.158655) < 1e-5);
        QCOMPARE(predictedFlipProbability(3, 0), 0.0);
        QCOMPARE(totalSigma({1, 0, 0}, 784), 28.0);
        QCOMPARE(totalSigma({0, 0, 5}, 784), 5.0);
    }
    void logQuantisationFollowsThePaper() {
        const QuantGrid g = fitGrid(QuantScheme::Log, 3, 0.9);  // FSR = round(log2 0.9) + 1 = 1
        QCOMPARE(g.fsr, 1);
        QCOMPARE(quantize(0.9f, g), 1.0f);
        QCOMPARE(quantize(-0.3f, g), -0.25f);
        QCOMPARE(quantize(std::ldexp(1.0f, -6), g), std::ldexp(1.0f, -6));  // smallest kept code: FSR − 2^b + 1
        QCOMPARE(quantize(std::ldexp(1.0f, -7), g), 0.0f);                  // underflow
        QCOMPARE(quantize(5.0f, g), 1.0f);                                  // clipped to 2^(FSR−1)
        QCOMPARE(gridLevels(g).size(), std::size_t(8));                     // 2^b codes
    }
    void linearQuantisationUnderflowsSmallValues() {
        const QuantGrid g = fitGrid(QuantScheme::Linear, 2, 0.9);  // step 0.3
        QCOMPARE(quantize(0.1f, g), 0.0f);
        QVERIFY(std::abs(quantize(-0.5f, g) + 0.6f) < 1e-6);
        QVERIFY(std::abs(quantize(2.0f, g) - 0.9f) < 1e-6);
        QCOMPARE(gridLevels(g).size(), std::size_t(4));
    }
    // The evaluator goes image block by image block (256 at a time) through every hidden layer; 300 images leave a
    // partial block. Its predictions must be those of the whole-matrix arithmetic, and without variation the digital
    // network's.
    void evaluatorMatchesWholeMatrixArithmeticThroughTwoHiddenLayers() {
        SeededRandom r(77);
        const FoldedBnn bnn = randomFoldedBnn(r);
        const Eigen::MatrixXf inputs = plusMinusOne(r, 40, 300);
        std::vector<int> labels;
        for (int s = 0; s < 300; ++s) labels.push_back(int(r.below(5)));
        const TimeDomainEvaluator e(bnn, inputs, labels, 9, 2);
        const std::vector<int> digital = predictFolded(bnn, inputs);
        QCOMPARE(e.digitalPredictions(), digital);
        const TimeDomainOutcome none = e.evaluate(Variation{});
        QCOMPARE(none.agreement, 1.0);
        QCOMPARE(none.flipRate, 0.0);
        QCOMPARE(none.accuracy, e.digitalAccuracy());
        const Variation v{1.5, 0.7, 0.9};
        int differing = 0;
        for (int chip = 0; chip < 2; ++chip) {
            const TimeDomainEvaluator::Chip drawn = TimeDomainEvaluator::drawChip({{24, 40}, {16, 24}}, inputs, 9, chip);
            const std::vector<int> want = predictionsByWholeMatrices(bnn, inputs, drawn, v);
            QCOMPARE(e.predictions(v, chip), want);
            for (std::size_t s = 0; s < want.size(); ++s) differing += want[s] != digital[s];
        }
        QVERIFY2(differing > 0, "the variation changes no prediction: the comparison shows nothing");
    }
};

QTEST_GUILESS_MAIN(TestTdnnCore)
#include "test_tdnn_core.moc"
