// SPDX-License-Identifier: GPL-3.0-or-later
// The CNN layers against finite differences and against a direct (loop) convolution and pooling; input
// standardisation.
#include "core/training/conv_layer.h"
#include "core/training/dataset.h"
#include "core/training/direct_correlation.h"
#include "core/training/gradient_check.h"
#include "core/training/max_pool_layer.h"
#include "core/training/seeded_random.h"
#include "core/training/vector_unit.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace dfl;

namespace {

Matrix randomMatrix(SeededRandom& r, Eigen::Index rows, Eigen::Index cols) {
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(r.uniform(-1, 1));
    return m;
}

// out[oc, oy, ox] = b[oc] + Σ w[oc, c, ky, kx] · in[c, oy·s − pad + ky, ox·s − pad + kx], zero outside.
float directConv(const ConvLayer& l, const Matrix& in, Eigen::Index n, int oc, int oy, int ox) {
    const ConvGeometry& g = l.geometry();
    double sum = l.bias(oc, 0);
    for (int c = 0; c < g.inChannels; ++c)
        for (int ky = 0; ky < g.kernelH; ++ky)
            for (int kx = 0; kx < g.kernelW; ++kx) {
                const int iy = oy * g.strideH - g.padTop + ky, ix = ox * g.strideW - g.padLeft + kx;
                if (iy < 0 || iy >= g.inHeight || ix < 0 || ix >= g.inWidth) continue;
                sum += double(l.weight(oc, (c * g.kernelH + ky) * g.kernelW + kx)) *
                       in((c * g.inHeight + iy) * g.inWidth + ix, n);
            }
    return float(sum);
}

// The exact gradients of a convolution for the output gradient `g`, in double: weights, bias and input.
struct ConvGradients {
    Eigen::MatrixXd weight, bias, input;
};

ConvGradients directConvGradients(const ConvLayer& l, const Matrix& in, const Matrix& g) {
    const ConvGeometry& geo = l.geometry();
    ConvGradients r{Eigen::MatrixXd::Zero(l.weight.rows(), l.weight.cols()), Eigen::MatrixXd::Zero(l.bias.rows(), 1),
                    Eigen::MatrixXd::Zero(in.rows(), in.cols())};
    for (Eigen::Index n = 0; n < in.cols(); ++n)
        for (int oc = 0; oc < geo.outChannels; ++oc)
            for (int oy = 0; oy < geo.outHeight; ++oy)
                for (int ox = 0; ox < geo.outWidth; ++ox) {
                    const double go = g((oc * geo.outHeight + oy) * geo.outWidth + ox, n);
                    r.bias(oc, 0) += go;
                    for (int c = 0; c < geo.inChannels; ++c)
                        for (int ky = 0; ky < geo.kernelH; ++ky)
                            for (int kx = 0; kx < geo.kernelW; ++kx) {
                                const int iy = oy * geo.strideH - geo.padTop + ky, ix = ox * geo.strideW - geo.padLeft + kx;
                                if (iy < 0 || iy >= geo.inHeight || ix < 0 || ix >= geo.inWidth) continue;
                                const int p = (c * geo.kernelH + ky) * geo.kernelW + kx;
                                const Eigen::Index i = (c * geo.inHeight + iy) * geo.inWidth + ix;
                                r.weight(oc, p) += go * in(i, n);
                                r.input(i, n) += go * l.weight(oc, p);
                            }
                }
    return r;
}

double maxRelativeDifference(const Matrix& got, const Eigen::MatrixXd& want) {
    const double scale = std::max(1.0, want.cwiseAbs().maxCoeff());
    return (got.cast<double>() - want).cwiseAbs().maxCoeff() / scale;
}

void expectGradientsMatch(TrainingLayer& layer, const Matrix& input, SeededRandom& r, double tolerance) {
    const GradientCheckResult g = checkLayerGradients(layer, input, r, 1e-2, 400);
    QVERIFY2(g.maxRelativeError < tolerance, (g.worst + " " + std::to_string(g.maxRelativeError)).c_str());
    QVERIFY(g.checked > 0);
}

}  // namespace

class TestConvergenceLayers : public QObject {
    Q_OBJECT
private slots:
    void convolutionEqualsTheDirectSum() {
        SeededRandom r(11);
        ConvGeometry g = ConvGeometry::make(2, 7, 6, 3, 3, 2, 1);
        QCOMPARE(g.outHeight, 4);
        QCOMPARE(g.outWidth, 3);
        ConvLayer layer("conv", g, r);
        layer.bias = randomMatrix(r, 3, 1);
        const Matrix in = randomMatrix(r, 2 * 7 * 6, 3);
        const Matrix out = layer.forward(in, false);
        QCOMPARE(out.rows(), Eigen::Index(3 * 4 * 3));
        for (Eigen::Index n = 0; n < 3; ++n)
            for (int oc = 0; oc < 3; ++oc)
                for (int oy = 0; oy < 4; ++oy)
                    for (int ox = 0; ox < 3; ++ox)
                        QVERIFY(std::abs(out((oc * 4 + oy) * 3 + ox, n) - directConv(layer, in, n, oc, oy, ox)) < 1e-5f);
    }
    // Stride 1 takes the direct correlation (direct_correlation.h): every vector unit this CPU has, against the loop
    // sums, over kernels, paddings, widths that are and are not multiples of a vector, channel counts that leave a
    // partial block of output channels (blocks of 8 forward, 4 for the weight gradient) and tap counts that leave a
    // partial group of taps (groups of 3 for the weight gradient with AVX-512: 1 and 25 taps).
    void directConvolutionMatchesTheLoopsOnEveryVectorUnit_data() {
        QTest::addColumn<int>("unit");
        QTest::addColumn<int>("inChannels");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("outChannels");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("pad");
        for (VectorUnit unit : {VectorUnit::Sse2, VectorUnit::Avx2, VectorUnit::Avx512}) {
            const std::string u = vectorUnitName(unit);
            QTest::newRow((u + " 8->8 14x14 k3 p1").c_str()) << int(unit) << 8 << 14 << 8 << 3 << 1;
            QTest::newRow((u + " 1->8 28x28 k3 p1").c_str()) << int(unit) << 1 << 28 << 8 << 3 << 1;
            QTest::newRow((u + " 16->16 7x7 k3 p1").c_str()) << int(unit) << 16 << 7 << 16 << 3 << 1;
            QTest::newRow((u + " 3->5 9x9 k5 p2").c_str()) << int(unit) << 3 << 9 << 5 << 5 << 2;
            QTest::newRow((u + " 2->11 6x6 k3 p0").c_str()) << int(unit) << 2 << 6 << 11 << 3 << 0;
            QTest::newRow((u + " 4->19 5x5 k1 p0").c_str()) << int(unit) << 4 << 5 << 19 << 1 << 0;
            QTest::newRow((u + " 2->3 17x17 k3 p1").c_str()) << int(unit) << 2 << 17 << 3 << 3 << 1;
        }
    }
    void directConvolutionMatchesTheLoopsOnEveryVectorUnit() {
        QFETCH(int, unit);
        QFETCH(int, inChannels);
        QFETCH(int, size);
        QFETCH(int, outChannels);
        QFETCH(int, kernel);
        QFETCH(int, pad);
        const VectorUnit before = activeVectorUnit();
        if (!useVectorUnit(VectorUnit(unit))) QSKIP("this CPU lacks that vector unit");
        SeededRandom r(21);
        const ConvGeometry geo = ConvGeometry::make(inChannels, size, size, outChannels, kernel, 1, pad);
        ConvLayer layer("conv", geo, r);
        layer.bias = randomMatrix(r, outChannels, 1);
        const Matrix in = randomMatrix(r, Eigen::Index(inChannels) * size * size, 3);
        const Matrix out = layer.forward(in, true);
        double worst = 0;
        for (Eigen::Index n = 0; n < in.cols(); ++n)
            for (int oc = 0; oc < outChannels; ++oc)
                for (int oy = 0; oy < geo.outHeight; ++oy)
                    for (int ox = 0; ox < geo.outWidth; ++ox)
                        worst = std::max(worst, double(std::abs(out((oc * geo.outHeight + oy) * geo.outWidth + ox, n) -
                                                                directConv(layer, in, n, oc, oy, ox))));
        QVERIFY2(worst < 1e-4, std::to_string(worst).c_str());
        const Matrix g = randomMatrix(r, out.rows(), out.cols());
        const Matrix inputGradient = layer.backward(g);
        const ConvGradients want = directConvGradients(layer, in, g);
        const std::vector<ParamSlot> params = layer.params();
        QCOMPARE(int(params.size()), 2);
        QVERIFY2(maxRelativeDifference(*params[0].gradient, want.weight) < 1e-5, "weight gradient");
        QVERIFY2(maxRelativeDifference(*params[1].gradient, want.bias) < 1e-5, "bias gradient");
        QVERIFY2(maxRelativeDifference(inputGradient, want.input) < 1e-5, "input gradient");
        // A second, smaller batch reuses the buffers sized for the first (and their zero borders).
        const Matrix one = in.leftCols(1);
        const Matrix outOne = layer.forward(one, true);
        QVERIFY((outOne - out.leftCols(1)).cwiseAbs().maxCoeff() < 1e-5f);
        const Matrix inputGradientOne = layer.backward(g.leftCols(1));
        QVERIFY2(maxRelativeDifference(inputGradientOne, directConvGradients(layer, one, g.leftCols(1)).input) < 1e-5,
                 "input gradient, batch of one");
        useVectorUnit(before);
    }
    void convolutionGradientsMatchFiniteDifferences() {
        SeededRandom r(12);
        ConvLayer layer("conv", ConvGeometry::make(2, 6, 6, 3, 3, 1, 1), r);
        layer.bias = randomMatrix(r, 3, 1);
        expectGradientsMatch(layer, randomMatrix(r, 2 * 6 * 6, 2), r, 1e-2);
    }
    void stridedUnpaddedConvolutionGradientsMatch() {
        SeededRandom r(13);
        ConvLayer layer("conv_s2", ConvGeometry::make(3, 7, 7, 2, 3, 2, 0), r);
        expectGradientsMatch(layer, randomMatrix(r, 3 * 7 * 7, 3), r, 1e-2);
    }
    void convolutionWithoutBiasHasOneParameter() {
        SeededRandom r(14);
        ConvLayer layer("conv_nb", ConvGeometry::make(1, 5, 5, 2, 3, 1, 1), r, false);
        QCOMPARE(int(layer.params().size()), 1);
        expectGradientsMatch(layer, randomMatrix(r, 25, 2), r, 1e-2);
    }
    void maxPoolingTakesTheWindowMaximum() {
        PoolGeometry g = PoolGeometry::make(2, 4, 4, 2, 2);
        MaxPoolLayer layer("pool", g);
        Matrix in(32, 1);
        for (int i = 0; i < 32; ++i) in(i, 0) = float((i * 7) % 32);
        const Matrix out = layer.forward(in, false);
        QCOMPARE(out.rows(), Eigen::Index(8));
        for (int c = 0; c < 2; ++c)
            for (int oy = 0; oy < 2; ++oy)
                for (int ox = 0; ox < 2; ++ox) {
                    float best = -1e9f;
                    for (int y = 2 * oy; y < 2 * oy + 2; ++y)
                        for (int x = 2 * ox; x < 2 * ox + 2; ++x) best = std::max(best, in(c * 16 + y * 4 + x, 0));
                    QCOMPARE(out(c * 4 + oy * 2 + ox, 0), best);
                }
    }
    // 2×2 pooling takes vector rows (vector_unit.h) that may run past a short row's end: on every unit, the values and
    // the winners (where backward sends the gradient) follow the rule "first maximum in row-major order, NaN never
    // wins", with ties (ReLU zeros), −∞ and NaN, rows shorter and longer than a vector, and a ragged edge.
    void maxPoolingRowsPickTheFirstMaximumOnEveryVectorUnit_data() {
        QTest::addColumn<int>("unit");
        QTest::addColumn<int>("size");
        for (VectorUnit unit : {VectorUnit::Sse2, VectorUnit::Avx2, VectorUnit::Avx512})
            for (int size : {28, 14, 9, 2, 70}) {
                const std::string row = std::string(vectorUnitName(unit)) + " " + std::to_string(size);
                QTest::newRow(row.c_str()) << int(unit) << size;
            }
    }
    void maxPoolingRowsPickTheFirstMaximumOnEveryVectorUnit() {
        QFETCH(int, unit);
        QFETCH(int, size);
        const VectorUnit before = activeVectorUnit();
        if (!useVectorUnit(VectorUnit(unit))) QSKIP("this CPU lacks that vector unit");
        const int channels = 3, samples = 2, plane = size * size, outSize = size / 2;
        MaxPoolLayer layer("pool", PoolGeometry::make(channels, size, size, 2, 2));
        SeededRandom r(31);
        Matrix in(channels * plane, samples);
        for (Eigen::Index i = 0; i < in.size(); ++i) {
            const double u = r.uniform(0, 1);  // few distinct values, so most windows hold ties
            in.data()[i] = u < 0.45 ? 0.0f : u < 0.5 ? -std::numeric_limits<float>::infinity()
                                          : u < 0.53 ? std::numeric_limits<float>::quiet_NaN()
                                                     : float(int(u * 4));
        }
        const Matrix evaluated = layer.forward(in, false);
        const Matrix out = layer.forward(in, true);
        Matrix seeds(out.rows(), out.cols());
        for (Eigen::Index i = 0; i < seeds.size(); ++i) seeds.data()[i] = float(i + 1);  // which output sent what
        const Matrix routed = layer.backward(seeds);
        for (int n = 0; n < samples; ++n)
            for (int c = 0; c < channels; ++c)
                for (int oy = 0; oy < outSize; ++oy)
                    for (int ox = 0; ox < outSize; ++ox) {
                        float best = -std::numeric_limits<float>::infinity();
                        int winner = (2 * oy) * size + 2 * ox;
                        for (int y = 2 * oy; y < 2 * oy + 2; ++y)
                            for (int x = 2 * ox; x < 2 * ox + 2; ++x)
                                if (in(c * plane + y * size + x, n) > best) {
                                    best = in(c * plane + y * size + x, n);
                                    winner = y * size + x;
                                }
                        const Eigen::Index o = (c * outSize + oy) * outSize + ox;
                        QCOMPARE(out(o, n), best);
                        QCOMPARE(evaluated(o, n), best);
                        QCOMPARE(routed(c * plane + winner, n), seeds(o, n));
                    }
        QCOMPARE(Eigen::Index((routed.array() != 0.0f).count()), seeds.size());  // each to one input, none elsewhere
        useVectorUnit(before);
    }
    void maxPoolingGradientsMatchFiniteDifferences() {
        SeededRandom r(15);
        PoolGeometry g = PoolGeometry::make(2, 5, 5, 2, 2);  // a ragged edge row and column are dropped
        MaxPoolLayer layer("pool", g);
        // Distinct values spaced well beyond the finite-difference step, so no window's winner changes.
        Matrix in(50, 2);
        std::vector<int> order(100);
        for (int i = 0; i < 100; ++i) order[size_t(i)] = i;
        r.shuffle(order);
        for (int i = 0; i < 100; ++i) in.data()[i] = 0.1f * float(order[size_t(i)]);
        expectGradientsMatch(layer, in, r, 1e-2);
    }
    void overlappingPaddedPoolingGradientsMatch() {
        SeededRandom r(16);
        PoolGeometry g;
        g.channels = 1;
        g.inHeight = g.inWidth = 5;
        g.kernelH = g.kernelW = 3;
        g.strideH = g.strideW = 2;
        g.padTop = g.padLeft = 1;
        g.outHeight = g.outWidth = 3;
        MaxPoolLayer layer("pool_overlap", g);
        Matrix in(25, 2);
        std::vector<int> order(50);
        for (int i = 0; i < 50; ++i) order[size_t(i)] = i;
        r.shuffle(order);
        for (int i = 0; i < 50; ++i) in.data()[i] = 0.1f * float(order[size_t(i)]) - 2.0f;
        expectGradientsMatch(layer, in, r, 1e-2);
    }
    void standardisationUsesOnlyTheTrainingSet() {
        TrainTestSplit split;
        split.train.inputs = Eigen::MatrixXf(2, 2);
        split.train.inputs << 0.0f, 0.5f, 1.0f, 0.5f;  // mean 0.5, standard deviation √0.125
        split.test.inputs = Eigen::MatrixXf::Constant(2, 3, 1.0f);
        const TrainTestSplit s = standardisedPixels(split);
        QCOMPARE(s.train.inputs.mean(), 0.0f);
        QVERIFY(std::abs(s.train.inputs.array().square().mean() - 1.0f) < 1e-6f);
        const float expected = float(0.5 / std::sqrt(0.125));  // (1 − train mean) / train deviation
        for (Eigen::Index i = 0; i < s.test.inputs.size(); ++i) QVERIFY(std::abs(s.test.inputs.data()[i] - expected) < 1e-6f);
        TrainTestSplit constant;
        constant.train.inputs = Eigen::MatrixXf::Constant(2, 2, 0.25f);
        constant.test.inputs = Eigen::MatrixXf::Constant(2, 1, 0.75f);
        const TrainTestSplit c = standardisedPixels(constant);  // no spread: shifted only, never divided by zero
        QCOMPARE(c.train.inputs(0, 0), 0.0f);
        QCOMPARE(c.test.inputs(0, 0), 0.5f);
    }
};

QTEST_GUILESS_MAIN(TestConvergenceLayers)
#include "test_convergence_layers.moc"
