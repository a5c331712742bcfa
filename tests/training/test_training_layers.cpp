// SPDX-License-Identifier: GPL-3.0-or-later
// Layers against finite differences, the straight-through estimators, SGD determinism, and batch-norm folding.
#include "core/training/binary_layers.h"
#include "core/training/dense_layer.h"
#include "core/training/folded_bnn.h"
#include "core/training/gradient_check.h"
#include "core/training/mlp_builders.h"
#include "core/training/plus_minus_one_bits.h"
#include "core/training/relu_layer.h"
#include "core/training/seeded_random.h"
#include "core/training/sgd_trainer.h"
#include "core/training/softmax_cross_entropy.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

using namespace dfl;

namespace {

Matrix randomMatrix(SeededRandom& r, int rows, int cols, double scale = 1) {
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(scale * r.uniform(-1, 1));
    return m;
}

// A small two-class problem that a network can learn: the label is the sign of a fixed projection.
Dataset toyData(SeededRandom& r, int samples, int features) {
    Dataset d;
    d.classes = 2;
    d.inputs = randomMatrix(r, features, samples);
    for (int s = 0; s < samples; ++s) d.labels.push_back(d.inputs.col(s).head(features / 2).sum() > 0 ? 1 : 0);
    return d;
}

}  // namespace

class TestTrainingLayers : public QObject {
    Q_OBJECT
private slots:
    void seededRandomIsDeterministicAndNormal() {
        SeededRandom a(7), b(7);
        double sum = 0, sumSq = 0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double x = a.normal();
            QCOMPARE(x, b.normal());
            sum += x;
            sumSq += x * x;
        }
        QVERIFY(std::abs(sum / n) < 0.01);
        QVERIFY(std::abs(sumSq / n - 1) < 0.01);
        QVERIFY(SeededRandom::derived(1, 2).uniform01() != SeededRandom::derived(1, 3).uniform01());
        for (int i = 0; i < 1000; ++i) QVERIFY(a.below(7) < 7);
    }
    void denseGradientsMatchFiniteDifferences() {
        SeededRandom r(1);
        DenseLayer layer("fc", 6, 4, r);
        const GradientCheckResult g = checkLayerGradients(layer, randomMatrix(r, 6, 5), r);
        QVERIFY2(g.maxRelativeError < 1e-2, (g.worst + " " + std::to_string(g.maxRelativeError)).c_str());
        QCOMPARE(g.checked, 6 * 5 + 4 * 6 + 4);
    }
    void reluGradientsMatchFiniteDifferences() {
        SeededRandom r(2);
        ReluLayer layer("relu");
        Matrix x = randomMatrix(r, 5, 4);
        x = x.unaryExpr([](float v) { return std::abs(v) < 0.05f ? 0.5f : v; });  // away from the kink
        const GradientCheckResult g = checkLayerGradients(layer, x, r);
        QVERIFY2(g.maxRelativeError < 1e-2, (g.worst + " " + std::to_string(g.maxRelativeError)).c_str());
    }
    // The vectorised passes keep the arithmetic of std::max(x, 0) and g · (y > 0 ? 1 : 0), bit for bit: NaN stays NaN,
    // −0 stays −0, an infinite gradient behind a closed unit becomes NaN; counts that are not a multiple of a vector.
    void reluKeepsTheScalarArithmeticBitForBit() {
        const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
        const std::vector<float> specials{-0.0f, 0.0f, nan, -inf, inf, 1e-38f, -1e-38f, 2.5f, -2.5f};
        for (int rows : {1, 3, 4, 7, 9}) {
            Matrix x(rows, 3), g(rows, 3);
            for (Eigen::Index i = 0; i < x.size(); ++i) {
                x.data()[i] = specials[size_t(i) % specials.size()];
                g.data()[i] = specials[size_t(i * 5 + 2) % specials.size()];
            }
            ReluLayer layer("relu");
            const Matrix y = layer.forward(x, true);
            const Matrix back = layer.backward(g);
            for (Eigen::Index i = 0; i < x.size(); ++i) {
                const float wantY = std::max(x.data()[i], 0.0f);
                const float wantBack = g.data()[i] * (wantY > 0.0f ? 1.0f : 0.0f);
                QCOMPARE(std::memcmp(&y.data()[i], &wantY, sizeof wantY), 0);
                QCOMPARE(std::memcmp(&back.data()[i], &wantBack, sizeof wantBack), 0);
            }
            QCOMPARE(std::memcmp(layer.forward(x, false).data(), y.data(), size_t(y.size()) * sizeof(float)), 0);
        }
    }
    void batchNormGradientsMatchFiniteDifferences() {
        SeededRandom r(3);
        BatchNormLayer layer("bn", 4);
        layer.gamma = randomMatrix(r, 4, 1) + Matrix::Constant(4, 1, 1.5f);
        layer.beta = randomMatrix(r, 4, 1);
        const GradientCheckResult g = checkLayerGradients(layer, randomMatrix(r, 4, 8, 3), r, 1e-2);
        QVERIFY2(g.maxRelativeError < 2e-2, (g.worst + " " + std::to_string(g.maxRelativeError)).c_str());
    }
    void binaryDenseInputGradientAndStraightThroughWeights() {
        SeededRandom r(4);
        BinaryDenseLayer layer("bfc", 6, 3, r);
        const Matrix x = randomMatrix(r, 6, 4);
        const GradientCheckResult g = checkLayerGradients(layer, x, r, 1e-2, 200, false);
        QVERIFY2(g.maxRelativeError < 1e-2, (g.worst + " " + std::to_string(g.maxRelativeError)).c_str());
        // Straight-through: the latent gradient is the gradient for sign(W), g·xᵀ.
        const Matrix out = layer.forward(x, true);
        QCOMPARE(out, Matrix(layer.binaryWeight() * x));
        const Matrix upstream = randomMatrix(r, 3, 4);
        layer.backward(upstream);
        QVERIFY((*layer.params()[0].gradient - upstream * x.transpose()).cwiseAbs().maxCoeff() < 1e-6f);
        layer.latent(0, 0) = 3.0f;
        layer.afterUpdate();
        QCOMPARE(layer.latent(0, 0), 1.0f);  // clipped to [−1, 1]
    }
    void signPassesGradientOnlyInsideUnitBand() {
        SignLayer sign("sign");
        Matrix x(4, 1);
        x << -2.0f, -0.5f, 0.0f, 1.5f;
        QCOMPARE(sign.forward(x, true), (Matrix(4, 1) << -1, -1, 1, 1).finished());
        QCOMPARE(sign.backward(Matrix::Ones(4, 1)), (Matrix(4, 1) << 0, 1, 1, 0).finished());
    }
    void softmaxGradientMatchesFiniteDifferences() {
        SeededRandom r(5);
        Matrix logits = randomMatrix(r, 4, 3, 2);
        const std::vector<int> labels{0, 3, 1};
        const LossAndGradient lg = softmaxCrossEntropy(logits, labels);
        for (Eigen::Index i = 0; i < logits.size(); ++i) {
            Matrix up = logits, down = logits;
            up.data()[i] += 1e-2f;
            down.data()[i] -= 1e-2f;
            const double numeric = (softmaxCrossEntropy(up, labels).loss - softmaxCrossEntropy(down, labels).loss) / 2e-2;
            QVERIFY(std::abs(numeric - lg.gradient.data()[i]) < 1e-3);
        }
    }
    void sgdLearnsAndIsDeterministic() {
        SeededRandom data(6);
        const Dataset train = toyData(data, 400, 8);
        SgdParams p;
        p.epochs = 15;
        p.batch = 20;
        p.learningRate = 0.05;
        auto trained = [&] {
            SeededRandom init(11);
            SequentialNet net = makeFloatMlp({8, 16, 2}, init);
            const auto reports = trainSgd(net, train, p);
            return std::make_pair(net.accuracy(train), reports.back().trainLoss);
        };
        const auto first = trained(), second = trained();
        QCOMPARE(first.second, second.second);  // bit for bit
        QVERIFY2(first.first > 0.9, std::to_string(first.first).c_str());
    }
    void foldedThresholdsReproduceBatchNormSigns() {
        SeededRandom r(8);
        const Dataset train = binarisedPixels(toyData(r, 600, 32), 0.0f);
        SequentialNet net = makeBinarizedMlp({32, 24, 2}, r);
        SgdParams p;
        p.epochs = 20;
        p.batch = 30;
        p.learningRate = 0.5;
        trainSgd(net, train, p);
        const FoldedBnn folded = foldBinarizedMlp(net);
        // Hidden activations of the float network in inference mode, layer by layer.
        const Matrix pre = net.layers()[1]->forward(net.layers()[0]->forward(train.inputs, false), false);
        const Matrix hidden = pre.unaryExpr(&signPlusMinusOne);
        QCOMPARE(hiddenActivations(folded.hidden[0], train.inputs), hidden);
        // Same classes up to float rounding of the affine readout (ties are the only way to differ).
        QVERIFY(fractionCorrect(predictFolded(folded, train.inputs), net.predict(train.inputs)) > 0.99);
        const double accuracy = fractionCorrect(predictFolded(folded, train.inputs), train.labels);
        QVERIFY2(accuracy > 0.8, std::to_string(accuracy).c_str());
        for (Eigen::Index i = 0; i < folded.hidden[0].weights.size(); ++i)
            QVERIFY(std::abs(folded.hidden[0].weights.data()[i]) == 1.0f);
    }
    // XNOR-popcount gives the matrix product's exact integers for ±1 inputs, whatever the shapes (64-bit words,
    // partial words, 64-row blocks and their remainders), with sign(weights) by signPlusMinusOne's rule (−0 → +1,
    // NaN → −1); any input that is not ±1 gets nothing, so the caller falls back to the product.
    void xnorProductIsTheExactProductOfSigns_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("samples");
        QTest::newRow("784 -> 256, 5 images") << 256 << 784 << 5;
        QTest::newRow("one partial word, one partial block") << 7 << 49 << 3;
        QTest::newRow("exactly one word") << 64 << 64 << 2;
        QTest::newRow("131 rows, 130 inputs") << 131 << 130 << 4;
    }
    void xnorProductIsTheExactProductOfSigns() {
        QFETCH(int, rows);
        QFETCH(int, k);
        QFETCH(int, samples);
        SeededRandom r(31);
        Matrix weights(rows, k), inputs(k, samples);
        for (Eigen::Index i = 0; i < weights.size(); ++i) weights.data()[i] = float(r.uniform(-1, 1));
        weights(0, 0) = -0.0f;
        weights(rows - 1, k - 1) = std::numeric_limits<float>::quiet_NaN();
        for (Eigen::Index i = 0; i < inputs.size(); ++i) inputs.data()[i] = r.uniform01() < 0.5 ? -1.0f : 1.0f;
        const Matrix signs = weights.unaryExpr([](float x) { return signPlusMinusOne(x); });
        const std::optional<Matrix> product = xnorProduct(weights, inputs);
        QVERIFY(product.has_value());
        QCOMPARE(*product, Matrix(signs * inputs));
        inputs(k - 1, samples - 1) = 0.5f;
        QVERIFY(!xnorProduct(weights, inputs).has_value());
    }
};

QTEST_GUILESS_MAIN(TestTrainingLayers)
#include "test_training_layers.moc"
