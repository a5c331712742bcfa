// SPDX-License-Identifier: GPL-3.0-or-later
// The published figures (AndoCGRA) and the trends of Figures 15–20, through scenarios as batch mode runs them,
// plus the errors bad parameters must give.
#include "core/cgra/cgra_analysis.h"
#include "core/cgra/cgra_model.h"
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/input_error.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace dfl;
using namespace dfl::cgra;

namespace {

std::string scenarioPath(const char* name) { return std::string(DFL_SOURCE_DIR) + "/scenarios/" + name; }

MetricsReport runScenario(const Scenario& s) {
    std::unique_ptr<ClockedModel> model = createModel(s);
    model->reset();
    while (!model->done()) model->runUntil(std::numeric_limits<std::int64_t>::max());
    MetricsReport r = model->metrics();
    r.checkReferences(s.references);
    return r;
}

std::string errorOf(const std::string& text, const std::vector<Override>& overrides = {}) {
    try {
        const Scenario s = loadScenarioText(text, "bad.json", overrides);
        createModel(s);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

const char* kSmall = R"({"name": "s", "module": "cgra",
    "network": {"name": "n", "input": [2, 10, 9], "layers": [{"name": "c", "type": "conv", "out": 4, "kernel": 3}]},
    "params": {"px": 4, "py": 4, "threads": 2}})";

CgraConfig paperArray(int threads) {
    CgraConfig c;
    c.px = c.py = 16;
    c.threads = threads;
    return c;
}

}  // namespace

class TestCgraReference : public QObject {
    Q_OBJECT
private slots:
    // The paper's own model (Eq. (1), Eq. (6)/(8)) on the two-tower AlexNet it cites: 380 ms is not reproduced,
    // and the scenario says so with its reason rather than failing or passing.
    void alexNetByThePapersEquationsDoesNotReproduce380ms() {
        const Scenario s = loadScenarioFile(scenarioPath("cgra-alexnet-table2.json"));
        QCOMPARE(s.references.size(), size_t(1));  // 380 ms and 2.6 fps are one fact
        const MetricsReport r = runScenario(s);
        // conv 20,457,984 (conv1 3,598,848 with stride phases; conv2 4,915,200; conv3 5,308,416; conv4 3,981,312;
        // conv5 2,654,208) + fc by Eq. (6) 3,670,016 (Ni·Px·⌈No/256⌉: 9216·16·16 + 4096·16·16 + 4096·16·4).
        QCOMPARE(r.value("total_cycles"), 24'128'000.0);
        QVERIFY(std::abs(r.value("total_time_ms") - 120.64) < 0.01);
        QVERIFY(std::abs(r.value("equation_time_ms") - 109.24) < 0.01);
        QCOMPARE(r.value("cycle_model_matches_closed_form"), 1.0);
        const ReferenceCheck& c = r.references.front();
        QCOMPARE(QString::fromStdString(c.reference.key), QString("total_time_ms"));
        QVERIFY(c.status == ReferenceStatus::NotReproduced);
        QVERIFY(!c.reference.reason.empty());
        QVERIFY(r.noReferenceFailed());
    }

    // The weight-bus reading, kept as a labelled hypothesis: with it the published figure is within 5 %.
    void weightBusHypothesisFits380ms() {
        const Scenario s = loadScenarioFile(scenarioPath("cgra-alexnet-weight-bus-hypothesis.json"));
        QVERIFY(QString::fromStdString(s.name).contains("HYPOTHESIS"));
        const MetricsReport r = runScenario(s);
        // Same CONV cycles; FC at one weight word per cycle: 9216·4096 + 4096·4096 + 4096·1000 = 58,621,952.
        QCOMPARE(r.value("total_cycles"), 79'079'936.0);
        QVERIFY(std::abs(r.value("total_time_ms") - 395.40) < 0.01);
        QVERIFY(r.allReferencesPassed());
    }

    void fcMappingDefaultsToEquation6() {
        const Scenario s = loadScenarioText(kSmall, "small.json");
        QCOMPARE(QString::fromStdString(s.params.getString("fc_mapping")), QString("row_buffers"));
    }

    void alexNetUnderTheRestatedEquations() {
        const Scenario s = loadScenarioFile(scenarioPath("cgra-alexnet-equations.json"));
        const MetricsReport r = runScenario(s);
        // The issue's figure: 167 ms, 149 ms of it in CONV, for single-tower AlexNet.
        QVERIFY(std::abs(r.value("equation_time_ms") - 167.0) < 0.1);
        const CgraConfig c = paperArray(512);
        std::int64_t convCycles = 0;
        const auto model = createModel(s);  // kept alive: the loop reads its layers (was a freed temporary)
        for (const CgraLayer& l : dynamic_cast<const CgraModel&>(*model).layers())
            if (l.isConv()) convCycles += paperEq1Cycles(c, l);
        QVERIFY(std::abs(timeMs(c, convCycles) - 148.6) < 0.1);
        // With stride phases conv1 takes 71 instead of 26 steps per weight row.
        QVERIFY(std::abs(r.value("total_time_ms") - 178.4) < 0.1);
        QCOMPARE(r.value("cycle_model_matches_closed_form"), 1.0);
    }

    void figure15TimeProportionalToOutputChannels() {
        const CgraConfig c = paperArray(512);
        const CgraLayer base = convLayer("fig15", 256, 64, 3, 1, 130, 130);  // 128 x 128 outputs
        for (int co : {128, 256, 512}) {
            CgraLayer l = base;
            l.co = co;
            QCOMPARE(closedFormCost(c, l).cycles, closedFormCost(c, base).cycles * (co / 64));
        }
    }

    void figure16TimeProportionalToOutputBlocks() {
        const CgraConfig c = paperArray(512);
        const std::int64_t one = closedFormCost(c, convLayer("a", 256, 384, 3, 1, 18, 18)).cycles;  // 16 x 16
        for (int n : {32, 64, 128})
            QCOMPARE(closedFormCost(c, convLayer("b", 256, 384, 3, 1, n + 2, n + 2)).cycles, one * (n / 16) * (n / 16));
    }

    void figures16And19DataRateNearlyIndependentOfSize() {
        const CgraConfig c = paperArray(512);
        std::vector<double> rates;
        for (int n = 32; n <= 128; n += 16) {
            const LayerCost k = closedFormCost(c, convLayer("r", 512, 512, 3, 1, n + 2, n + 2));
            rates.push_back(rateMBs(c, k.inputWords, k.cycles));
        }
        const auto [lo, hi] = std::minmax_element(rates.begin(), rates.end());
        QVERIFY2(*hi / *lo < 1.1, qPrintable(QString("%1 .. %2 MB/s").arg(*lo).arg(*hi)));
    }

    void figure17RowWiseSlowerThanIdealAndFigure18SameIntensity() {
        const CgraConfig c = paperArray(512);
        const CgraLayer l = convLayer("r", 512, 512, 3, 1, 66, 66);
        const LayerCost k = closedFormCost(c, l);
        // (Px + H − 1)/H = 18/3: the fill of the shift chain.
        QCOMPARE(k.cycles, idealConvCycles(c, l) * 6);
        CgraConfig bank = c;
        bank.buffers = BufferKind::MultiBank;
        QCOMPARE(closedFormCost(bank, l).cycles, k.cycles);  // multi-port and multi-bank take the same time
    }

    void figure20IntensityRisesWithThreadsAndSaturates() {
        const CgraLayer deep = convLayer("d", 512, 512, 3, 1, 66, 66);
        const double t1 = arithmeticIntensity(closedFormCost(paperArray(1), deep));
        const double t8 = arithmeticIntensity(closedFormCost(paperArray(8), deep));
        const double t512 = arithmeticIntensity(closedFormCost(paperArray(512), deep));
        const double t4096 = arithmeticIntensity(closedFormCost(paperArray(4096), deep));
        QVERIFY2(t1 < t8 && t8 < t512, qPrintable(QString("%1 %2 %3").arg(t1).arg(t8).arg(t512)));
        QVERIFY(t8 / t1 > 5);         // an order of magnitude from multithreading (Conclusion)
        QCOMPARE(t4096, t512);        // T ≥ Co: every input is fetched once per row block
        // Saturation over the problem size: beyond a few blocks the intensity barely moves.
        const double at64 = t512;
        const double at128 = arithmeticIntensity(closedFormCost(paperArray(512), convLayer("d", 512, 512, 3, 1, 130, 130)));
        QVERIFY(std::abs(at128 / at64 - 1) < 0.05);
        // The input layer (Ci = 3, Co = 32) gains less from threads than the deep one.
        const CgraLayer input = convLayer("i", 3, 32, 3, 1, 66, 66);
        const double i1 = arithmeticIntensity(closedFormCost(paperArray(1), input));
        const double i512 = arithmeticIntensity(closedFormCost(paperArray(512), input));
        QVERIFY(i512 / i1 < t512 / t1);
    }

    void everyCgraScenarioRunsAndAgreesWithItsClosedForm() {
        for (const char* name : {"cgra-small-layer.json", "cgra-deep-layer.json", "cgra-resnet18.json",
                                 "cgra-alexnet-equations.json", "cgra-alexnet-table2.json",
                                 "cgra-alexnet-weight-bus-hypothesis.json"}) {
            const MetricsReport r = runScenario(loadScenarioFile(scenarioPath(name)));
            QVERIFY2(r.value("cycle_model_matches_closed_form") == 1.0, name);
            QVERIFY2(r.noReferenceFailed(), name);
            const Table* t = r.table("layers");
            QVERIFY(t && !t->rows.empty());
            for (const char* column : {"layer", "kind", "cycles", "time_ms", "input_words", "output_words", "weight_words",
                                       "input_rate_mb_s", "output_rate_mb_s", "utilization", "arithmetic_intensity",
                                       "buffer_writes_multiport", "buffer_writes_multibank"})
                QVERIFY2(t->columnIndex(column) >= 0, column);
        }
    }

    void overridesChangeTheModel() {
        const Scenario s = loadScenarioText(kSmall, "small.json", {{"params.px", "2"}, {"params.threads", "1"}});
        const MetricsReport r = runScenario(s);
        QCOMPARE(r.value("total_cycles"), double((2 + 2) * 3 * 4 * 2 * 4 * 2));  // ⌈7/2⌉·⌈8/4⌉ = 4·2 blocks
    }

    void badParametersAreRejectedWithClearErrors() {
        QVERIFY(errorOf(kSmall, {{"params.px", "0"}}).find("bad.json: params.px") != std::string::npos);
        QVERIFY(errorOf(kSmall, {{"params.threads", "0"}}).find("params.threads") != std::string::npos);
        QVERIFY(errorOf(kSmall, {{"params.buffers", "dual"}}).find("params.buffers") != std::string::npos);
        const std::string layer = errorOf(kSmall, {{"params.layer", "fc9"}});
        QVERIFY2(layer.find("params.layer: 'fc9' is not a conv or fc layer") != std::string::npos, layer.c_str());
        // A kernel larger than the input plane.
        const std::string tooBig = errorOf(R"({"name": "s", "module": "cgra",
            "network": {"name": "n", "input": [2, 5, 5], "layers": [{"name": "c", "type": "conv", "out": 4, "kernel": 7}]}})");
        QVERIFY2(tooBig.find("bad.json: network.layers[0]") != std::string::npos, tooBig.c_str());
        // The same check in the CGRA's own layer constructor (sweeps build layers without a network).
        try {
            convLayer("c", 2, 4, 7, 1, 5, 5, "sweep.json", "params.kernel");
            QFAIL("no error");
        } catch (const InputError& e) {
            QCOMPARE(std::string(e.what()), std::string("sweep.json: params.kernel: kernel 7x7 is larger than the input plane 5x5"));
        }
        // A network without conv or fc layers.
        const std::string none = errorOf(R"({"name": "s", "module": "cgra",
            "network": {"name": "n", "input": [2, 5, 5], "layers": [{"type": "relu"}]}})");
        QVERIFY2(none.find("network: has no conv or fc layer") != std::string::npos, none.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCgraReference)
#include "test_cgra_reference.moc"
