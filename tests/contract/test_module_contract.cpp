// SPDX-License-Identifier: GPL-3.0-or-later
// The clocked-model contract (docs/architecture.md "The clocked-model contract"), checked for every module the
// registry lists, each on its small scenario in tests/contract/scenarios/<module>.json:
//   * runUntil(N) leaves the same state bytes as N calls of step();
//   * loadState(saveState()) is the identity, and a model loaded from another's state runs on identically;
//   * seeking back through History gives the state a fresh run reaches by stepping;
//   * two runs of the same scenario give byte-identical metrics JSON.
// A module the registry lists without a scenario here fails: adding the file is all a new module needs.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/history.h"
#include "core/sim/metrics_json.h"
#include "core/training/idx_file.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace dfl;

namespace {

// Enough cycles to cross History's checkpoints a few times, few enough to step one by one quickly.
constexpr std::int64_t kCycles = 150;
constexpr std::int64_t kHistoryInterval = 16;

// Modules that train (a `data_dir` parameter) get a tiny Fashion-MNIST-shaped set instead of the real one: the
// contract is about the model's clock, not about the data, and this test must never skip.
void writeTinyFashionMnist(const QString& dir) {
    auto images = [](int n) {
        IdxArray a{{std::uint32_t(n), 28, 28}, {}};
        for (int i = 0; i < n * 784; ++i) a.data.push_back(std::uint8_t((i * 37 + i / 784 * 11) % 256));
        return a;
    };
    auto labels = [](int n) {
        IdxArray a{{std::uint32_t(n)}, {}};
        for (int i = 0; i < n; ++i) a.data.push_back(std::uint8_t((i * 7) % 10));
        return a;
    };
    writeIdxFile((dir + "/train-images-idx3-ubyte.gz").toStdString(), images(256));
    writeIdxFile((dir + "/train-labels-idx1-ubyte.gz").toStdString(), labels(256));
    writeIdxFile((dir + "/t10k-images-idx3-ubyte.gz").toStdString(), images(64));
    writeIdxFile((dir + "/t10k-labels-idx1-ubyte.gz").toStdString(), labels(64));
}

std::unique_ptr<ClockedModel> fresh(const Scenario& s) {
    auto model = createModel(s);
    model->reset();
    return model;
}

void stepTo(ClockedModel& model, std::int64_t target) {
    while (model.cycle() < target && !model.done()) model.step();
}

}  // namespace

class TestModuleContract : public QObject {
    Q_OBJECT
    QTemporaryDir data_;

    Scenario scenarioOf(const QString& module) {
        const QString file = QStringLiteral(DFL_TESTS_DIR "/contract/scenarios/") + module + ".json";
        std::vector<Override> overrides;
        const ModuleInfo* info = findModule(module.toStdString());
        const bool trains = std::any_of(info->params.begin(), info->params.end(),
                                        [](const ParamSpec& p) { return p.key == "data_dir"; });
        if (trains) overrides.push_back(parseOverride("params.data_dir=" + data_.path().toStdString()));
        return loadScenarioFile(file.toStdString(), overrides);
    }

    // How far the checks run: kCycles, or the whole run when it is shorter.
    static std::int64_t horizon(const Scenario& s) {
        auto model = fresh(s);
        stepTo(*model, kCycles);
        return model->cycle();
    }

private slots:
    void initTestCase() {
        QVERIFY(data_.isValid());
        writeTinyFashionMnist(data_.path());
    }

    void everyModuleHasAContractScenario() {
        for (const ModuleInfo& m : allModules()) {
            const QString file = QStringLiteral(DFL_TESTS_DIR "/contract/scenarios/") +
                                 QString::fromStdString(m.name) + ".json";
            QVERIFY2(QFileInfo::exists(file), qPrintable("module '" + QString::fromStdString(m.name) +
                                                          "' has no contract scenario " + file));
        }
    }

    void contract_data() {
        QTest::addColumn<QString>("module");
        for (const ModuleInfo& m : allModules()) QTest::newRow(m.name.c_str()) << QString::fromStdString(m.name);
    }

    void contract() {
        QFETCH(QString, module);
        const Scenario s = scenarioOf(module);
        const std::int64_t n = horizon(s);
        qInfo("%s: checked over %lld cycles", qPrintable(module), static_cast<long long>(n));

        // runUntil(N) == N × step()
        auto stepped = fresh(s);
        stepTo(*stepped, n);
        auto jumped = fresh(s);
        jumped->runUntil(n);
        QCOMPARE(jumped->cycle(), stepped->cycle());
        QVERIFY2(jumped->saveState() == stepped->saveState(), "runUntil(N) and N steps leave different state bytes");

        // loadState(saveState()) is the identity; a loaded model runs on exactly like the original
        const std::int64_t middle = n / 2;
        auto original = fresh(s);
        stepTo(*original, middle);
        const std::string state = original->saveState();
        auto loaded = fresh(s);
        stepTo(*loaded, n);  // somewhere else first, so loading has something to overwrite
        loaded->loadState(state);
        QCOMPARE(loaded->cycle(), original->cycle());
        QVERIFY2(loaded->saveState() == state, "saveState() after loadState(s) differs from s");
        stepTo(*original, n);
        stepTo(*loaded, n);
        QVERIFY2(loaded->saveState() == original->saveState(), "a loaded model runs on differently");
        QCOMPARE(metricsToJson(loaded->metrics()), metricsToJson(original->metrics()));

        // seeking back through History equals a fresh run
        auto recorded = createModel(s);
        History history(*recorded, kHistoryInterval);
        history.reset();
        history.runUntil(n);
        for (std::int64_t target : {n - 1, middle + 1, kHistoryInterval + 3, std::int64_t(1), std::int64_t(0)}) {
            if (target < 0 || target > n) continue;
            history.seek(target);
            auto reference = fresh(s);
            stepTo(*reference, target);
            QCOMPARE(recorded->cycle(), reference->cycle());
            QVERIFY2(recorded->saveState() == reference->saveState(),
                     qPrintable(QString("History's cycle %1 differs from a fresh run's").arg(target)));
        }

        // two runs give byte-identical metrics JSON
        auto first = fresh(s);
        first->runUntil(n);
        auto second = fresh(s);
        second->runUntil(n);
        QCOMPARE(metricsToJson(second->metrics()), metricsToJson(first->metrics()));
    }
};

QTEST_GUILESS_MAIN(TestModuleContract)
#include "test_module_contract.moc"
