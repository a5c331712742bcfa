// SPDX-License-Identifier: GPL-3.0-or-later
// The NeuroTrainer scenarios through the engine: references checked, bad input named, charts and tables present.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/history.h"
#include "core/sim/input_error.h"

#include <QtTest>

using namespace dfl;

namespace {

MetricsReport runScenario(const std::string& file) {
    const Scenario s = loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/" + file);
    auto model = createModel(s);
    model->reset();
    model->runUntil(model->expectedCycles());
    if (!model->done()) qFatal("not done");
    MetricsReport r = model->metrics();
    r.checkReferences(s.references);
    return r;
}

std::string errorOf(const std::string& json) {
    try {
        const Scenario s = loadScenarioText(json, "bad.json");
        createModel(s);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

class TestNtScenarios : public QObject {
    Q_OBJECT
private slots:
    // The AlexNet figures pass; the paper's "1.9 TOPS" training figure contradicts its own 1.97 ms per image
    // (3 × 1.449 GOP / 1.97 ms = 2.21 TOPS): inconsistent-source, with the model within 10 % of 2.21.
    void alexnetScenarioPassesAndFlagsTheInconsistentTrainingTops() {
        const MetricsReport r = runScenario("neurotrainer-alexnet.json");
        QVERIFY(r.noReferenceFailed());
        QCOMPARE(int(r.references.size()), 5);
        for (const ReferenceCheck& c : r.references) {
            if (c.reference.key == "training_tops") {
                QVERIFY(c.status == ReferenceStatus::InconsistentSource);
                QCOMPARE(c.reference.impliedValue.value_or(0), 2.21);
                QVERIFY(*c.impliedRelError <= 0.1);
                QVERIFY(c.relError > 0.1);  // the published 1.9 itself is missed
            } else {
                QVERIFY2(c.status == ReferenceStatus::Pass, c.reference.key.c_str());
            }
        }
        for (const char* key : {"inference_ms_per_image", "training_ms_per_image", "inference_tops", "training_tops",
                                "peak_tops_16bit", "peak_tops_32bit", "power_w", "gflops_per_w", "dram_gb_per_image"})
            QVERIFY2(r.find(key), key);
        const Table* layers = r.table("layers");
        QVERIFY(layers && layers->columnIndex("bound") >= 0 && layers->rows.size() > 40);
        const Table* programs = r.table("programs");
        QVERIFY(programs && programs->columnIndex("r7") >= 0);
        QVERIFY(r.table("scaling"));
    }

    void scalingScenarioPasses() { QVERIFY(runScenario("neurotrainer-scaling.json").allReferencesPassed()); }

    // §5.2's power and throughput are averages over the benchmarks: the scenario compares the model's averages,
    // checks Table 5's 16-PE logic total as arithmetic, and sweeps the unpublished buffer size. Whatever misses is
    // declared not-reproduced with its reason, so batch exits 0 without silencing a plain miss.
    void powerScenarioComparesBenchmarkAverages() {
        const MetricsReport r = runScenario("neurotrainer-power.json");
        QVERIFY(r.noReferenceFailed());
        for (const ReferenceCheck& c : r.references) {
            QVERIFY2(c.status != ReferenceStatus::Fail, c.reference.key.c_str());
            QVERIFY2(c.status == ReferenceStatus::Pass || !c.reference.reason.empty(), c.reference.key.c_str());
        }
        // Table 5's logic die (2.65 W) is 16 PEs' worth of its rows; the machine has 15 PEs.
        QVERIFY(std::abs(r.value("table5_logic_power_w") - (0.155 + 3.16e-3 + 4.27e-3) * 16 - 3.7e-2 - 1.02e-2) < 1e-12);
        QVERIFY(std::abs(r.value("logic_power_w") - (0.155 * 15 + (3.16e-3 + 4.27e-3) * 16 + 3.7e-2 + 1.02e-2)) < 1e-12);
        // The PE area bound: 0.0696 / 0.00551 × 16 KB.
        QVERIFY(std::abs(r.value("pe_buffer_kb_area_bound") - 0.0696 / 0.00551 * 16) < 1e-9);
        const Table* sweep = r.table("buffer_sensitivity");
        QVERIFY(sweep && sweep->rows.size() == 7);
        const int power = sweep->columnIndex("power_w"), dram = sweep->columnIndex("dram_gb_per_image");
        // Larger buffers do not add DRAM traffic (beyond 0.1 %: the tiling changes with the size, so 1 MB moves a few
        // hundred bytes more than 512 KB), and 16 KB costs clearly more power than 1 MB.
        for (size_t i = 1; i < sweep->rows.size(); ++i)
            QVERIFY(std::get<double>(sweep->rows[i][size_t(dram)]) <= std::get<double>(sweep->rows[i - 1][size_t(dram)]) * 1.001);
        QVERIFY(std::get<double>(sweep->rows.front()[size_t(power)]) > std::get<double>(sweep->rows.back()[size_t(power)]) + 0.5);
        QVERIFY(r.find("benchmark_power_w_mean") && r.find("benchmark_gflops_per_w"));
    }

    // Figure 16's "s.d. under 6 % of the mean" is not reproduced (about 15 % over six networks) and cannot hold by
    // the paper's own phase rates (figure16_cv_min): declared not-reproduced with that reason, exit 0.
    void benchmarksScenarioReportsDisagreement() {
        const MetricsReport r = runScenario("neurotrainer-benchmarks.json");
        QCOMPARE(int(r.references.size()), 1);
        QVERIFY(r.references.front().status == ReferenceStatus::NotReproduced);
        QVERIFY(r.value("figure16_cv_min") > 0.06);
        const Table* b = r.table("benchmarks");
        QVERIFY(b && b->rows.size() == 6);
        QVERIFY(r.table("figure16_bound"));
    }

    void historyStepsBackExactly() {
        const Scenario s = loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/neurotrainer-small-cnn.json");
        auto model = createModel(s);
        History h(*model, 256);
        h.reset();
        h.runUntil(5000);
        const std::string at5000 = model->saveState();
        h.runUntil(9000);
        h.seek(5000);
        QCOMPARE(model->cycle(), std::int64_t(5000));
        QCOMPARE(model->saveState(), at5000);
    }

    void badInputIsNamed() {
        const std::string base = R"({"name": "x", "module": "neurotrainer", "network": "alexnet", "params": )";
        QVERIFY(QString::fromStdString(errorOf(base + R"({"preset": "hmc3"}})")).contains("params.preset"));
        QVERIFY(QString::fromStdString(errorOf(base + R"({"vault_gbps": 20}})")).contains("params.vault_gbps"));
        QVERIFY(QString::fromStdString(errorOf(base + R"({"benchmarks": ["lenet"]}})")).contains("params.benchmarks[0]"));
        QVERIFY(QString::fromStdString(errorOf(base + R"({"batch": 0}})")).contains("params.batch"));
        QVERIFY(QString::fromStdString(errorOf(base + R"({"macs_per_pe": "many"}})")).contains("params.macs_per_pe"));
    }
};

QTEST_GUILESS_MAIN(TestNtScenarios)
#include "test_nt_scenarios.moc"
