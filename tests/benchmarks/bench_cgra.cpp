// SPDX-License-Identifier: GPL-3.0-or-later
// CGRA: the closed form over whole networks, and the cycle-stepped array's speed on a 16 x 16 array.
#include "core/cgra/cgra_analysis.h"
#include "core/cgra/cgra_array.h"
#include "core/cgra/cgra_model.h"
#include "core/modules/module_registry.h"
#include "core/network/network_io.h"
#include "core/scenario/scenario.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace dfl;
using namespace dfl::cgra;

namespace {

std::vector<CgraLayer> cgraLayers(const Network& net) {
    std::vector<CgraLayer> layers;
    for (const Layer& l : net.layers())
        if (l.type == LayerType::Conv || l.type == LayerType::FullyConnected) layers.push_back(cgraLayerFrom(l, "", ""));
    return layers;
}

CgraConfig paperArray(int threads) {
    CgraConfig c;
    c.px = c.py = 16;
    c.threads = threads;
    return c;
}

}  // namespace

class BenchCgra : public QObject {
    Q_OBJECT
private slots:
    void closedFormNetwork_data() {
        QTest::addColumn<QString>("network");
        QTest::newRow("alexnet") << "alexnet";
        QTest::newRow("resnet18") << "resnet18";
    }
    void closedFormNetwork() {
        QFETCH(QString, network);
        const std::vector<CgraLayer> layers = cgraLayers(loadBuiltinNetwork(network.toStdString()));
        const CgraConfig c = paperArray(512);
        std::int64_t cycles = 0;
        QBENCHMARK {
            LayerCost total;
            for (const CgraLayer& l : layers) total += closedFormCost(c, l);
            cycles = total.cycles;
        }
        QVERIFY(cycles > 0);
    }

    // The full model path batch mode takes: metrics (table + summary) and the 13 charts.
    void modelMetricsAndCharts() {
        const Scenario s = loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/cgra-alexnet-table2.json");
        auto model = createModel(s);
        QBENCHMARK {
            const MetricsReport r = model->metrics();
            const auto charts = model->charts();
            QVERIFY(!charts.empty() && !r.summary.empty());
        }
    }

    // Cycle-stepped, one step() per cycle, on 16 x 16 PEs: cycles per second is printed.
    void cycleModelSteps_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("T=1") << 1;
        QTest::newRow("T=512") << 512;
    }
    void cycleModelSteps() {
        QFETCH(int, threads);
        const CgraLayer layer = convLayer("conv", 64, 64, 3, 1, 34, 34);  // 32 x 32 outputs: 4 blocks
        const std::int64_t cyclesPerIteration = 1'000'000;
        CgraArray array(paperArray(threads), layer);
        QElapsedTimer timer;
        timer.start();
        std::int64_t stepped = 0;
        QBENCHMARK {
            for (std::int64_t i = 0; i < cyclesPerIteration; ++i) {
                if (array.done()) array.reset();
                array.step();
            }
            stepped += cyclesPerIteration;
        }
        qInfo("cycle model: %.1f M cycles/s stepped (16 x 16 PEs, T=%d)", stepped / (timer.nsecsElapsed() / 1e3),
              threads);
    }

    // runUntil skips a step's T' thread cycles at once: a whole AlexNet conv3 (5.3 M cycles).
    void cycleModelRunWholeLayer() {
        const std::vector<CgraLayer> layers = cgraLayers(loadBuiltinNetwork("alexnet"));
        QBENCHMARK {
            CgraArray array(paperArray(512), layers[2]);
            array.runUntil(array.totalCycles());
            QVERIFY(array.done());
        }
    }
};

QTEST_GUILESS_MAIN(BenchCgra)
#include "bench_cgra.moc"
