// SPDX-License-Identifier: GPL-3.0-or-later
// The published figures of NeuroTrainer the issue names, each against its tolerance. Where the model disagrees with
// the paper the test pins what the model gives and says why (the closing report repeats it).
#include "core/network/network_io.h"
#include "core/neurotrainer/nt_analysis.h"
#include "core/neurotrainer/nt_report.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace dfl;
using namespace dfl::nt;

namespace {

const NetworkRun& alexnet() {
    static const NetworkRun run = runNetwork(loadBuiltinNetwork("alexnet"), Machine{}, {});
    return run;
}

const OpResult& op(const std::string& layer, Phase phase) {
    for (const OpResult& r : alexnet().ops)
        if (r.op.layer == layer && r.op.phase == phase && r.op.usefulMacs > 0) return r;
    qFatal("no op %s", layer.c_str());
}

double relError(double simulated, double published) { return std::fabs(simulated - published) / published; }

}  // namespace

class TestNtReferences : public QObject {
    Q_OBJECT
private slots:
    void alexnetLatencyPerImage() {
        const NetworkRun& run = alexnet();
        const double inferenceMs = run.inferenceSeconds() / 32 * 1e3, trainingMs = run.trainingSeconds() / 32 * 1e3;
        QVERIFY2(relError(inferenceMs, 0.31) <= 0.10, qPrintable(QString::number(inferenceMs)));  // Section 5.1
        QVERIFY2(relError(trainingMs, 1.97) <= 0.10, qPrintable(QString::number(trainingMs)));
    }

    // "all convolution or fully connected layers show similar throughput above 4.0 TOPS (4.2 ~ 4.7)".
    void forwardLayersNearPeak() {
        for (const OpResult& r : alexnet().ops) {
            if (r.op.phase != Phase::FF || r.op.usefulMacs == 0) continue;
            const double tops = r.tops(alexnet().machine);
            QVERIFY2(tops >= 4.0 && tops <= 4.8, qPrintable(QString::fromStdString(r.op.layer) + " " + QString::number(tops)));
        }
    }

    // FC3 backward is bound by merging dX from all PEs into the common vault; C1 backward by its vault.
    void backwardFc3AndC1() {
        const Machine& m = alexnet().machine;
        const OpResult& fc3 = op("fc8", Phase::BP);
        QVERIFY2(relError(fc3.tops(m), 1.61) <= 0.10, qPrintable(QString::number(fc3.tops(m))));
        QVERIFY(fc3.timing.mergeBusy > fc3.timing.computeBusy / 3);  // the write-back it cannot hide
        const OpResult& c1 = op("conv1", Phase::BP);
        QVERIFY2(relError(c1.tops(m), 1.19) <= 0.10, qPrintable(QString::number(c1.tops(m))));
        QCOMPARE(c1.timing.bound(), Bound::Vault);
    }

    // Conv update lowered to matrix products: "about 1.98 TOPS" on average over C1–C5.
    void convUpdateAbout198() {
        double sum = 0;
        for (const char* l : {"conv1", "conv2", "conv3", "conv4", "conv5"}) sum += op(l, Phase::UP).tops(alexnet().machine);
        QVERIFY2(relError(sum / 5, 1.98) <= 0.10, qPrintable(QString::number(sum / 5)));
    }

    // FC update (outer products, no reuse): the paper reports about 1.02 TOPS. The model's vault carries one dY
    // word in and one dW word out per MAC cycle, so it runs at half the 32-bit peak, 1.2 TOPS: 18 % above the paper,
    // which must lose a further 15 % to effects it does not describe. Pinned here so a change is noticed.
    void fcUpdateVaultBound() {
        for (const char* l : {"fc6", "fc7", "fc8"}) {
            const OpResult& r = op(l, Phase::UP);
            QCOMPARE(r.timing.bound(), Bound::Vault);
            const double tops = r.tops(alexnet().machine);
            QVERIFY2(tops > 1.02 && tops <= 1.2, qPrintable(QString::number(tops)));
            QVERIFY(relError(tops, 1.02) < 0.2);
        }
    }

    // Power from Table 5's components plus 3.7 pJ/bit × DRAM traffic; the paper: 4.64 W and 406 GFLOPS/W.
    // The model moves about a quarter more DRAM data than the paper's 2.03 W implies (68.5 GB/s), so its power is
    // about 11 % higher, while its higher throughput keeps the efficiency within 10 %.
    void powerAndEfficiency() {
        const NetworkRun& run = alexnet();
        const PowerBreakdown p = trainingPower(run, PowerParams{});
        QVERIFY(qFuzzyCompare(p.logic(), 0.155 * 15 + (3.16e-3 + 4.27e-3) * 16 + 3.7e-2 + 1.02e-2));
        const double gflopsPerW = run.trainingOps() / run.trainingSeconds() / 1e9 / p.total();
        QVERIFY2(relError(gflopsPerW, 406) <= 0.10, qPrintable(QString::number(gflopsPerW)));
        QVERIFY2(relError(p.total(), 4.64) <= 0.15, qPrintable(QString::number(p.total())));
        QVERIFY(p.dram > 2.03);  // the direction of the disagreement
    }

    // Figure 16: training throughput across the six networks. The paper: s.d. under 6 % of the mean. The model
    // spreads about 15 %: the deep-convolution VGGs run fastest (conv BP/UP near the 32-bit peak), the MLP slowest
    // (FC-UP is a vector outer product with no reuse, bound by the vault stream; FC-FF/BP by the merge write-back).
    // Without the MLP the spread is about 10 %. Asserted here is what the model gives, not the paper's claim.
    void benchmarksSpread() {
        std::vector<double> tops;
        for (const char* n : {"alexnet", "vgg16", "vgg19", "resnet152", "inception-v3", "mlp"})
            tops.push_back(benchmark(n, loadBuiltinNetwork(n), Machine{}, {}).trainingTops);
        auto cv = [](const std::vector<double>& v) {
            double mean = 0, sq = 0;
            for (double t : v) mean += t / double(v.size());
            for (double t : v) sq += (t - mean) * (t - mean) / double(v.size());
            return std::sqrt(sq) / mean;
        };
        const double all = cv(tops), cnns = cv({tops.begin(), tops.end() - 1});
        qInfo("training TOPS s.d./mean: %.3f over six networks, %.3f without the MLP", all, cnns);
        QVERIFY2(all > 0.14 && all < 0.16, qPrintable(QString::number(all)));
        QVERIFY2(cnns > 0.09 && cnns < 0.11, qPrintable(QString::number(cnns)));
        QVERIFY(all > 0.06);  // the direction of the disagreement with Figure 16
        QCOMPARE(std::min_element(tops.begin(), tops.end()) - tops.begin(), 5);  // the MLP
        for (double t : tops) QVERIFY(t > 1.6 && t < 2.8);
    }

    // Figure 16's "< 6 %" against the paper's own phase rates: an all-FC network trains at most at
    // 3 / (1/4.7 + 1/2.4 + 1/1.02) = 1.8636 TOPS, VGG at least at about 2.19; with two of each among eight benchmarks
    // averaging 1.89 the least possible spread is far above 6 %, and even one of each leaves it at 6.0 %.
    void figure16SpreadIsImpossibleByThePapersRates() {
        const TrainingRateBound fc = allFcUpperBound("mlp");
        QVERIFY(std::abs(fc.tops - 3 / (1 / 4.7 + 1 / 2.4 + 1 / 1.02)) < 1e-12);
        const TrainingRateBound vgg16 = convLowerBound("vgg16", loadBuiltinNetwork("vgg16"));
        const TrainingRateBound vgg19 = convLowerBound("vgg19", loadBuiltinNetwork("vgg19"));
        QVERIFY2(vgg16.tops > 2.15 && vgg16.tops < 2.25, qPrintable(QString::number(vgg16.tops)));
        QVERIFY(!vgg16.upper && fc.upper);
        const Figure16Bound two = figure16Bound({fc, allFcUpperBound("gru"), vgg16, vgg19});
        QVERIFY2(two.leastCv > 0.06, qPrintable(QString::number(two.leastCv)));
        const Figure16Bound one = figure16Bound({fc, vgg16});
        QVERIFY2(one.leastCv > 0.059 && one.leastCv < 0.065, qPrintable(QString::number(one.leastCv)));
        QVERIFY(one.leastCvSample > one.leastCv);
        // A bound on the mean's side costs nothing: all benchmarks at the mean have no spread.
        TrainingRateBound slow = vgg16;
        slow.tops = 1.5;
        QCOMPARE(figure16Bound({slow}).leastCv, 0.0);
        // The layer rates carry over to VGG's kind of layers only.
        QVERIFY(boundedByAlexNetLayerRates(loadBuiltinNetwork("vgg16")));
        for (const char* n : {"alexnet", "resnet152", "inception-v3", "mlp"}) QVERIFY2(!boundedByAlexNetLayerRates(loadBuiltinNetwork(n)), n);
        QVERIFY(allFullyConnected(loadBuiltinNetwork("mlp")) && !allFullyConnected(loadBuiltinNetwork("vgg16")));
    }

    // Section 5.3's worked example, built from its parameters: 63.1 + 42.4 × 4 + 2 × 4 × 4.61 = 269.58 ms.
    void scalingFormula() {
        ScalingParams p;
        p.parameters = 138357544;  // VGG16
        p.updateFlopsPerParameter = 42.4e-3 * 326e9 / double(p.parameters);
        p.transferBytesPerParameter = 4.61e-3 * 240e9 / double(p.parameters);
        const ScalingPoint s = scalingPoint(4, "K1", 326, 63.1e-3, 32, p);
        QVERIFY(qFuzzyCompare(s.updateMs, 42.4));
        QVERIFY(qFuzzyCompare(s.transferMs, 4.61));
        QVERIFY(qFuzzyCompare(s.latencyMs, 269.58));
        QVERIFY(qFuzzyCompare(s.imagesPerS, 4 * 32 / 0.26958));
        // With the defaults (100 FLOP and 8 B per parameter, rounded from the same figures) within 0.2 %.
        const ScalingPoint d = scalingPoint(4, "K1", 326, 63.1e-3, 32, ScalingParams{64, 240, 326, 100, 8, 138357544});
        QVERIFY(relError(d.latencyMs, 269.58) < 0.002);
    }
};

QTEST_GUILESS_MAIN(TestNtReferences)
#include "test_nt_references.moc"
