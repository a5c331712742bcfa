// SPDX-License-Identifier: GPL-3.0-or-later
// How close the training kernels come to this machine's limit: GMAC/s of the convergence CNN's training step, its
// test-set evaluation and one convolution, against the peak of a tight FMA loop measured here (one core, the widest
// vector unit the CPU has, chosen at run time as OpenBLAS does). A measurement, not an assertion:
//   ./tests/benchmarks/bench_training_kernels
#include "core/network/network_io.h"
#include "core/training/conv_layer.h"
#include "core/training/direct_correlation.h"
#include "core/training/seeded_random.h"
#include "core/training/vector_unit.h"
#include "core/training/sgd_trainer.h"
#include "core/training/trainable_network.h"

#include <QElapsedTimer>
#include <QtTest>

#include <immintrin.h>

using namespace dfl;

namespace {

// Independent accumulators hide the FMA latency (4 cycles, 2 units: 8 in flight); the result feeds a volatile so the
// loop is not removed. Returns multiply-accumulates per second.
constexpr int Accumulators = 12;
constexpr long Iterations = 20'000'000;

__attribute__((target("avx512f"))) double fmaLoopAvx512() {
    __m512 acc[Accumulators];
    for (auto& a : acc) a = _mm512_set1_ps(0.0f);
    const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
    QElapsedTimer t;
    t.start();
    for (long i = 0; i < Iterations; ++i)
        for (auto& a : acc) a = _mm512_fmadd_ps(a, x, y);
    const double seconds = double(t.nsecsElapsed()) * 1e-9;
    __m512 sum = acc[0];
    for (int k = 1; k < Accumulators; ++k) sum = _mm512_add_ps(sum, acc[k]);
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, sum);
    volatile float sink = lanes[0];
    (void)sink;
    return double(Iterations) * Accumulators * 16 / seconds;
}

__attribute__((target("avx2,fma"))) double fmaLoopAvx2() {
    __m256 acc[Accumulators];
    for (auto& a : acc) a = _mm256_set1_ps(0.0f);
    const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
    QElapsedTimer t;
    t.start();
    for (long i = 0; i < Iterations; ++i)
        for (auto& a : acc) a = _mm256_fmadd_ps(a, x, y);
    const double seconds = double(t.nsecsElapsed()) * 1e-9;
    __m256 sum = acc[0];
    for (int k = 1; k < Accumulators; ++k) sum = _mm256_add_ps(sum, acc[k]);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, sum);
    volatile float sink = lanes[0];
    (void)sink;
    return double(Iterations) * Accumulators * 8 / seconds;
}

double measuredPeakMacsPerSecond() {
    static const double peak = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f")) return fmaLoopAvx512();
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return fmaLoopAvx2();
        return 0.0;  // no FMA unit: nothing to compare against
    }();
    return peak;
}

const Network& cnn() {
    static const Network network = loadBuiltinNetwork("fashion-cnn");
    return network;
}

Matrix randomImages(int count) {
    SeededRandom r(3);
    Matrix m(784, count);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(r.uniform(-1, 1));
    return m;
}

void report(const char* what, double macs, qint64 ns) {
    const double rate = macs / (double(ns) * 1e-9);
    const double peak = measuredPeakMacsPerSecond();
    qInfo("%s: %.2f GMAC/s = %.1f %% of one core's measured FMA peak (%.1f GMAC/s)", what, rate * 1e-9,
          peak > 0 ? 100 * rate / peak : 0.0, peak * 1e-9);
}

}  // namespace

class BenchTrainingKernels : public QObject {
    Q_OBJECT
private slots:
    void fmaPeak() {
        qInfo("tight FMA loop (%s): %.1f GMAC/s per core", __builtin_cpu_supports("avx512f") ? "AVX-512" : "AVX2",
              measuredPeakMacsPerSecond() * 1e-9);
    }
    void trainingStep() {
        // Forward, both backward products and the update of one mini-batch of 32 (the first layer computes no input
        // gradient); the MACs are the network's own accounting.
        SeededRandom r(1);
        TrainableNetwork t = makeTrainableNetwork(cnn(), 10, r, "");
        SgdParams p;
        p.learningRate = 0.001;
        SgdOptimizer opt(p);
        const Matrix images = randomImages(32);
        std::vector<int> labels(32);
        for (int i = 0; i < 32; ++i) labels[size_t(i)] = i % 10;
        const double macs = 32.0 * double(cnn().totalForwardMacs() + cnn().totalBackwardMacs() - cnn().layer(0).backwardInputMacs);
        QElapsedTimer timer;
        timer.start();
        int count = 0;
        QBENCHMARK {
            trainMiniBatch(t.net, opt, images, labels);
            ++count;
        }
        report("training step (batch 32)", macs * count, timer.nsecsElapsed());
    }
    void evaluation() {
        SeededRandom r(1);
        TrainableNetwork t = makeTrainableNetwork(cnn(), 10, r, "");
        const Matrix images = randomImages(1000);
        QElapsedTimer timer;
        timer.start();
        int count = 0;
        QBENCHMARK {
            t.net.scores(images, SequentialNet::ConvolutionChunk);
            ++count;
        }
        report("test-set evaluation (1000 images, chunks of 32)", 1000.0 * double(cnn().totalForwardMacs()) * count,
               timer.nsecsElapsed());
    }
    void convolutionForward() {
        // conv5 of the CNN: 16 → 16 channels, 3×3, 7×7 map; a batch of 32.
        SeededRandom r(1);
        ConvLayer conv("conv5", ConvGeometry::make(16, 7, 7, 16, 3, 1, 1), r);
        Matrix input(16 * 49, 32);
        for (Eigen::Index i = 0; i < input.size(); ++i) input.data()[i] = float(r.uniform(-1, 1));
        QElapsedTimer timer;
        timer.start();
        int count = 0;
        QBENCHMARK {
            conv.forward(input, true);
            ++count;
        }
        const std::string what = std::string("conv5 forward (direct correlation, ") +
                                 vectorUnitName(activeVectorUnit()) + ", batch 32)";
        report(what.c_str(), 32.0 * 49 * 16 * 144 * count, timer.nsecsElapsed());
    }
    void convolutionBackward() {
        // conv5 again: the weight gradient and the input gradient, each as many multiply-accumulates as the forward.
        SeededRandom r(1);
        ConvLayer conv("conv5", ConvGeometry::make(16, 7, 7, 16, 3, 1, 1), r);
        conv.setInputGradientNeeded(true);
        Matrix input(16 * 49, 32), gradient(16 * 49, 32);
        for (Eigen::Index i = 0; i < input.size(); ++i) input.data()[i] = float(r.uniform(-1, 1));
        for (Eigen::Index i = 0; i < gradient.size(); ++i) gradient.data()[i] = float(r.uniform(-1, 1));
        conv.forward(input, true);
        QElapsedTimer timer;
        timer.start();
        int count = 0;
        QBENCHMARK {
            conv.backward(gradient);
            ++count;
        }
        const std::string what = std::string("conv5 backward (weight and input gradients, ") +
                                 vectorUnitName(activeVectorUnit()) + ", batch 32)";
        report(what.c_str(), 2 * 32.0 * 49 * 16 * 144 * count, timer.nsecsElapsed());
    }
};

QTEST_GUILESS_MAIN(BenchTrainingKernels)
#include "bench_training_kernels.moc"
