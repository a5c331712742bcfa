// SPDX-License-Identifier: GPL-3.0-or-later
// --set and --unset below the executable: removal applied to the scenario (and so recorded in what a session
// saves), overrides in command-line order, the refusals, and the three command lines reading them alike.

#include "app/batch/batch_options.h"
#include "app/batch/compare_options.h"
#include "app/batch/sweep_options.h"
#include "app/session.h"
#include "core/modules/module_registry.h"
#include "core/sim/input_error.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace dfl;

namespace {

// Fixes params.partition, which is optional: absent, the exact optimiser partitions the network.
const std::string kMnist3 = std::string(DFL_SOURCE_DIR) + "/scenarios/pipeline-mnist-cnn-3stage.json";

Scenario mnist3(const std::vector<Override>& overrides) { return loadScenarioFile(kMnist3, overrides); }

// The place and reason loadScenarioFile gives, or "" when it accepted the overrides.
QString refusal(const std::vector<Override>& overrides) {
    try {
        mnist3(overrides);
        return {};
    } catch (const InputError& e) {
        return QString::fromStdString(e.place() + ": " + e.reason());
    }
}

}  // namespace

class TestOverrides : public QObject {
    Q_OBJECT

private slots:
    void unsetRemovesAnOptionalKeyAndSessionsKeepTheRemoval() {
        QVERIFY(mnist3({}).params.has("partition"));
        const Scenario s = mnist3({parseUnset("params.partition")});
        QVERIFY(!s.params.has("partition"));
        QVERIFY(s.json.find("partition") == std::string::npos);  // what sessions and "Save as" write

        QTemporaryDir dir;
        const std::string path = dir.filePath("unset.dflsession").toStdString();
        writeSessionFile(makeSession(s, 4), path);
        const Scenario reopened = sessionScenario(readSessionFile(path));
        QVERIFY(!reopened.params.has("partition"));
        QCOMPARE(reopened.params.getInt("stages"), std::int64_t(3));
    }

    void unsetParameterTakesItsDeclaredDefault() {
        const ModuleInfo* pipeline = findModule("pipeline");
        QVERIFY(pipeline);
        const auto spec = std::find_if(pipeline->params.begin(), pipeline->params.end(),
                                       [](const ParamSpec& p) { return p.key == "mini_batches"; });
        QVERIFY(spec != pipeline->params.end());
        const std::int64_t declared = std::get<std::int64_t>(spec->defaultValue);
        QCOMPARE(mnist3({}).params.getInt("mini_batches"), std::int64_t(6));
        QVERIFY(declared != 6);  // else this test could not tell
        QCOMPARE(mnist3({parseUnset("params.mini_batches")}).params.getInt("mini_batches"), declared);
    }

    void overridesApplyInOrder() {
        QVERIFY(!mnist3({parseOverride("params.partition=[fc3]"), parseUnset("params.partition")}).params.has("partition"));
        const Scenario set = mnist3({parseUnset("params.partition"), parseOverride("params.partition=[pool1,fc3]")});
        QCOMPARE(set.params.getStringList("partition"), (std::vector<std::string>{"pool1", "fc3"}));
    }

    void refusesWhatCannotBeRemoved_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        const QString nothing = "the scenario does not set this key: nothing to remove";
        const QString required = "required: a scenario cannot leave it out (change it with --set)";
        QTest::newRow("unknown parameter") << "params.frobnicate" << "--unset params.frobnicate: " + nothing;
        QTest::newRow("unknown top-level key") << "colour" << "--unset colour: " + nothing;
        QTest::newRow("missing parent") << "reference.nothing.value" << "--unset reference.nothing.value: " + nothing;
        QTest::newRow("through a list") << "params.partition.x" << "--unset params.partition.x: 'partition' is not an object";
        QTest::newRow("empty part") << "params..x" << "--unset params..x: empty key in the key path";
        QTest::newRow("name") << "name" << "--unset name: " + required;
        QTest::newRow("module") << "module" << "--unset module: " + required;
        QTest::newRow("network the module needs") << "network" << "--unset network: " + required;
    }
    void refusesWhatCannotBeRemoved() {
        QFETCH(QString, key);
        QFETCH(QString, message);
        QCOMPARE(refusal({parseUnset(key.toStdString())}), message);
    }

    void removesOptionalTopLevelKeys() {
        const Scenario s = mnist3({parseUnset("reference"), parseUnset("description"), parseUnset("seed")});
        QVERIFY(s.references.empty());
        QVERIFY(s.description.empty());
        QCOMPARE(s.seed, std::uint64_t(1));
    }

    void unsetTakesAKeyAlone() {
        QVERIFY_THROWS_EXCEPTION(InputError, parseUnset(""));
        QVERIFY_THROWS_EXCEPTION(InputError, parseUnset("params.stages=3"));
    }

    void everyCommandLineReadsUnsetInOrderWithSet() {
        const BatchOptions batch =
            parseBatchOptions({"x.json", "--set", "params.stages=2", "--unset", "params.partition", "--unset=seed"});
        QCOMPARE(batch.overrides.size(), size_t(3));
        QCOMPARE(batch.overrides[0].value, std::optional<std::string>("2"));
        QCOMPARE(batch.overrides[1].keyPath, std::string("params.partition"));
        QVERIFY(!batch.overrides[1].value);
        QCOMPARE(batch.overrides[2].keyPath, std::string("seed"));

        const CompareOptions compare = parseCompareOptions(
            {"a.json", "b.json", "--unset-a", "params.partition", "--set-b=params.stages=2", "--unset-b=params.partition"});
        QCOMPARE(compare.overridesA.size(), size_t(1));
        QVERIFY(!compare.overridesA[0].value);
        QCOMPARE(compare.overridesB.size(), size_t(2));
        QVERIFY(compare.overridesB[0].value && !compare.overridesB[1].value);

        const SweepOptions sweep = parseSweepOptions({"x.json", "--unset", "params.partition", "--vary", "params.stages=2,3"});
        QCOMPARE(sweep.overrides.size(), size_t(1));
        QVERIFY(!sweep.overrides[0].value);
    }

    void commandLineErrorsNameTheOption() {
        try {
            parseCompareOptions({"a.json", "b.json", "--unset-b", "params.stages=3"});
            QFAIL("accepted a value");
        } catch (const InputError& e) {
            QCOMPARE(QString::fromStdString(e.file()), QString("command line"));
            QCOMPARE(QString::fromStdString(e.place()), QString("--unset-b params.stages=3"));
        }
        QVERIFY_THROWS_EXCEPTION(InputError, parseBatchOptions({"x.json", "--unset"}));
        QVERIFY_THROWS_EXCEPTION(InputError, parseSweepOptions({"x.json", "--unset", "seed", "--vary", "seed=1,2"}));
    }
};

QTEST_GUILESS_MAIN(TestOverrides)
#include "test_overrides.moc"
