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
    void alexnetScenarioPasses() {
        const MetricsReport r = runScenario("neurotrainer-alexnet.json");
        QVERIFY(r.allReferencesPassed());
        QCOMPARE(int(r.references.size()), 4);
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

    // The power scenario reports the known disagreement (see test_nt_references) instead of hiding it.
    void powerScenarioReportsDisagreement() {
        const MetricsReport r = runScenario("neurotrainer-power.json");
        for (const ReferenceCheck& c : r.references) {
            if (c.reference.key == "gflops_per_w") QVERIFY(c.passed);
            else QVERIFY2(!c.passed, c.reference.key.c_str());
        }
    }

    // Figure 16's "s.d. under 6 % of the mean" is not reached by the model (about 15 % over six networks): the
    // scenario's one reference fails, so its batch run exits 1.
    void benchmarksScenarioReportsDisagreement() {
        const MetricsReport r = runScenario("neurotrainer-benchmarks.json");
        QCOMPARE(int(r.references.size()), 1);
        QVERIFY(!r.allReferencesPassed());
        const Table* b = r.table("benchmarks");
        QVERIFY(b && b->rows.size() == 6);
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
