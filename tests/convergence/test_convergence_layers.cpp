// SPDX-License-Identifier: GPL-3.0-or-later
// The CNN layers against finite differences and against a direct (loop) convolution and pooling; input
// standardisation.
#include "core/training/conv_layer.h"
#include "core/training/dataset.h"
#include "core/training/gradient_check.h"
#include "core/training/max_pool_layer.h"
#include "core/training/seeded_random.h"

#include <QtTest>

#include <cmath>

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
