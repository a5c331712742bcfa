// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario loading: good files, overrides, and a table of malformed inputs each with its message.
#include "core/scenario/json_params.h"
#include "core/scenario/scenario.h"
#include "core/scenario/scenario_edit.h"
#include "core/sim/input_error.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace dfl;

namespace {

const char* kInlineNet = R"("network": {"name": "tiny", "input": [1, 8, 8],
    "layers": [{"name": "c1", "type": "conv", "out": 2, "kernel": 3}, {"type": "relu"},
               {"name": "f1", "type": "fc", "out": 4}]})";

std::string scenarioWith(const std::string& body) { return "{" + body + "}"; }

std::string errorOf(const std::string& text, const std::vector<Override>& overrides = {}) {
    try {
        loadScenarioText(text, "bad.json", overrides);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestScenario : public QObject {
    Q_OBJECT
private slots:
    void loadsAnInlineNetworkScenario() {
        const Scenario s = loadScenarioText(
            scenarioWith(R"("name": "Tiny", "description": "d", "module": "network", "seed": 7, )" +
                         std::string(kInlineNet)),
            "tiny.json");
        QCOMPARE(QString::fromStdString(s.name), QString("Tiny"));
        QCOMPARE(s.seed, std::uint64_t(7));
        QVERIFY(s.network.has_value());
        QCOMPARE(s.network->size(), 3);
        QCOMPARE(QString::fromStdString(s.networkSource), QString("inline"));
    }

    void loadsEveryShippedScenario() {
        QDir dir(DFL_SOURCE_DIR "/scenarios");
        const QStringList files = dir.entryList({"*.json"}, QDir::Files);
        QVERIFY(files.size() >= 6);
        for (const QString& f : files) {
            try {
                const Scenario s = loadScenarioFile(dir.filePath(f).toStdString());
                QVERIFY2(!s.description.empty(), qPrintable(f + " has no description"));
            } catch (const InputError& e) {
                QFAIL(e.what());
            }
        }
    }

    void declaredOutcomesParse() {
        const Scenario s = loadScenarioText(
            scenarioWith(R"("name": "x", "description": "d", "module": "network", "reference": {
                "total_params": {"value": 1, "rel_tol": 0.1, "source": "Book, Table 1"},
                "total_forward_macs": {"value": 3, "rel_tol": 0.1, "expect": "inconsistent-source",
                                       "reason": "1 + 1 = 2", "implied_value": 2},
                "total_backward_macs": {"value": 5, "rel_tol": 0.1, "expect": "not-reproduced", "reason": "r"}}, )" +
                         std::string(kInlineNet)),
            "x.json");
        QCOMPARE(s.references.size(), size_t(3));
        for (const Reference& r : s.references) {
            if (r.key == "total_params") {
                QVERIFY(r.expect == ReferenceExpectation::Match);
                QVERIFY(r.reason.empty());
            } else if (r.key == "total_forward_macs") {
                QVERIFY(r.expect == ReferenceExpectation::InconsistentSource);
                QCOMPARE(r.impliedValue.value_or(0), 2.0);
                QCOMPARE(QString::fromStdString(r.reason), QString("1 + 1 = 2"));
            } else {
                QVERIFY(r.expect == ReferenceExpectation::NotReproduced);
                QVERIFY(!r.impliedValue);
            }
        }
    }

    void overrideValuesParse() {
        QCOMPARE(overrideValue("4").toDouble(), 4.0);
        QCOMPARE(overrideValue("true").toBool(), true);
        QCOMPARE(overrideValue("vgg16").toString(), QString("vgg16"));
        QCOMPARE(overrideValue("\"quoted\"").toString(), QString("quoted"));
        const QJsonArray bare = overrideValue("[conv2,conv3, conv4]").toArray();
        QCOMPARE(bare.size(), 3);
        QCOMPARE(bare[2].toString(), QString("conv4"));
        const QJsonArray numbers = overrideValue("[2,4,8]").toArray();
        QCOMPARE(numbers[1].toDouble(), 4.0);
    }

    void overrideReplacesTheNetwork() {
        const Scenario s = loadScenarioText(
            scenarioWith(R"("name": "T", "module": "network", "network": "vgg16")"), "t.json",
            {parseOverride("network=mnist-cnn"), parseOverride("seed=3")});
        QCOMPARE(QString::fromStdString(s.networkSource), QString("mnist-cnn"));
        QCOMPARE(s.seed, std::uint64_t(3));
    }

    void csvNetworkResolvesRelativeToTheScenario() {
        QTemporaryDir dir;
        QFile csv(dir.filePath("net.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                  "Conv1,10,10,3,3,2,4,1,\n");
        csv.close();
        QFile scen(dir.filePath("s.json"));
        QVERIFY(scen.open(QIODevice::WriteOnly));
        scen.write(R"({"name": "csv", "module": "network", "network": "net.csv"})");
        scen.close();
        const Scenario s = loadScenarioFile(scen.fileName().toStdString());
        QCOMPARE(s.network->layer(0).forwardMacs, std::int64_t(8 * 8 * 4 * 2 * 9));
    }

    void malformedInputs_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("override");
        QTest::addColumn<QString>("expected");
        const QString net = QString::fromUtf8(kInlineNet);
        QTest::newRow("not JSON") << "{\"name\": " << "" << "bad.json: line 1, column 10: invalid JSON";
        QTest::newRow("trailing comma") << "{\"name\": \"x\",\n \"module\": \"network\",\n}" << ""
                                        << "bad.json: line 3, column 2: invalid JSON";
        QTest::newRow("array at top") << "[1, 2]" << "" << "bad.json: (top level): expected a JSON object";
        QTest::newRow("missing name") << "{\"module\": \"network\"}" << "" << "bad.json: name: missing";
        QTest::newRow("empty name") << "{\"name\": \"\", \"module\": \"network\"}" << ""
                                    << "bad.json: name: expected a non-empty string";
        QTest::newRow("missing module") << "{\"name\": \"x\"}" << "" << "bad.json: module: missing";
        QTest::newRow("unknown module") << "{\"name\": \"x\", \"module\": \"tpu\"}" << ""
                                        << "bad.json: module: unknown module 'tpu' (known: network";
        QTest::newRow("module not a string") << "{\"name\": \"x\", \"module\": 3}" << ""
                                             << "bad.json: module: expected a string";
        QTest::newRow("unknown top-level key") << "{\"name\": \"x\", \"module\": \"network\", \"netwrk\": \"vgg16\"}"
                                               << "" << "bad.json: netwrk: unknown key";
        QTest::newRow("network missing") << "{\"name\": \"x\", \"module\": \"network\"}" << ""
                                         << "bad.json: network: missing (module 'network' needs a network)";
        QTest::newRow("unknown built-in") << "{\"name\": \"x\", \"module\": \"network\", \"network\": \"vgg17\"}"
                                          << "" << "bad.json: network: unknown network 'vgg17' (built-ins: ";
        QTest::newRow("missing csv") << "{\"name\": \"x\", \"module\": \"network\", \"network\": \"nope.csv\"}"
                                     << "" << "does not exist";
        QTest::newRow("network wrong type") << "{\"name\": \"x\", \"module\": \"network\", \"network\": 5}" << ""
                                            << "bad.json: network: expected a built-in name";
        QTest::newRow("negative seed") << "{\"name\": \"x\", \"module\": \"network\", \"seed\": -1, " + net + "}"
                                       << "" << "bad.json: seed: expected a non-negative integer";
        QTest::newRow("fractional seed") << "{\"name\": \"x\", \"module\": \"network\", \"seed\": 1.5, " + net + "}"
                                         << "" << "bad.json: seed: expected a non-negative integer";
        // Issue 14, defect 8: 1e20 used to be converted to int64 before the range check (undefined behaviour).
        QTest::newRow("huge seed") << "{\"name\": \"x\", \"module\": \"network\", \"seed\": 1e20, " + net + "}"
                                   << "" << "bad.json: seed: expected a non-negative integer below 2^63";
        QTest::newRow("params not an object")
            << "{\"name\": \"x\", \"module\": \"network\", \"params\": [1], " + net + "}" << ""
            << "bad.json: params: expected an object";
        QTest::newRow("unknown parameter")
            << "{\"name\": \"x\", \"module\": \"network\", \"params\": {\"stages\": 4}, " + net + "}" << ""
            << "bad.json: params.stages: unknown parameter (known: none)";
        QTest::newRow("reference not an object")
            << "{\"name\": \"x\", \"module\": \"network\", \"reference\": 3, " + net + "}" << ""
            << "bad.json: reference: expected an object of summary keys";
        QTest::newRow("reference without value")
            << "{\"name\": \"x\", \"module\": \"network\", \"reference\": {\"total_params\": {\"rel_tol\": 0}}, " +
                   net + "}"
            << "" << "bad.json: reference.total_params.value: expected a number";
        QTest::newRow("reference negative tolerance")
            << "{\"name\": \"x\", \"module\": \"network\", \"reference\": {\"k\": {\"value\": 1, \"rel_tol\": -1}}, " +
                   net + "}"
            << "" << "bad.json: reference.k.rel_tol: expected a non-negative number";
        QTest::newRow("reference unknown key")
            << "{\"name\": \"x\", \"module\": \"network\", \"reference\": {\"k\": {\"value\": 1, \"rel_tol\": 0, "
               "\"tol\": 1}}, " +
                   net + "}"
            << "" << "bad.json: reference.k.tol: unknown key";
        // Declared outcomes (docs/fidelity.md): a reason goes with `expect`, and nothing silences a plain miss.
        auto refEntry = [&net](const QString& fields) {
            return "{\"name\": \"x\", \"module\": \"network\", \"reference\": {\"k\": {\"value\": 1, \"rel_tol\": 0, " +
                   fields + "}}, " + net + "}";
        };
        QTest::newRow("not-reproduced without reason")
            << refEntry("\"expect\": \"not-reproduced\"") << ""
            << "bad.json: reference.k.reason: missing: \"expect\" needs the documented reason";
        QTest::newRow("not-reproduced with empty reason")
            << refEntry("\"expect\": \"not-reproduced\", \"reason\": \"  \"") << ""
            << "bad.json: reference.k.reason: expected a non-empty string";
        QTest::newRow("reason without expect")
            << refEntry("\"reason\": \"because\"") << ""
            << "bad.json: reference.k.reason: a reason goes with \"expect\"";
        QTest::newRow("unknown expectation")
            << refEntry("\"expect\": \"fail\", \"reason\": \"r\"") << ""
            << "bad.json: reference.k.expect: expected \"not-reproduced\" or \"inconsistent-source\"";
        QTest::newRow("expect not a string")
            << refEntry("\"expect\": true, \"reason\": \"r\"") << ""
            << "bad.json: reference.k.expect: expected \"not-reproduced\" or \"inconsistent-source\"";
        QTest::newRow("inconsistent source without implied value")
            << refEntry("\"expect\": \"inconsistent-source\", \"reason\": \"1 + 1 = 2, not 3\"") << ""
            << "bad.json: reference.k.implied_value: missing";
        QTest::newRow("implied value not a number")
            << refEntry("\"expect\": \"inconsistent-source\", \"reason\": \"r\", \"implied_value\": \"2\"") << ""
            << "bad.json: reference.k.implied_value: expected a number";
        QTest::newRow("implied value with not-reproduced")
            << refEntry("\"expect\": \"not-reproduced\", \"reason\": \"r\", \"implied_value\": 2") << ""
            << "bad.json: reference.k.implied_value: only with";
        QTest::newRow("implied value without expect")
            << refEntry("\"implied_value\": 2") << "" << "bad.json: reference.k.implied_value: only with";
        QTest::newRow("override into a non-object")
            << "{\"name\": \"x\", \"module\": \"network\", " + net + "}" << "name.first=3"
            << "bad.json: --set name.first: 'name' is not an object";
        QTest::newRow("override unknown key") << "{\"name\": \"x\", \"module\": \"network\", " + net + "}"
                                              << "params.speed=3" << "bad.json: params.speed: unknown parameter";
        QTest::newRow("impossible inline shape")
            << "{\"name\": \"x\", \"module\": \"network\", \"network\": {\"name\": \"n\", \"input\": [1, 2, 2], "
               "\"layers\": [{\"name\": \"c\", \"type\": \"conv\", \"out\": 1, \"kernel\": 5}]}}"
            << "" << "bad.json: ";
    }

    void malformedInputs() {
        QFETCH(QString, text);
        QFETCH(QString, override);
        QFETCH(QString, expected);
        std::vector<Override> overrides;
        if (!override.isEmpty()) overrides.push_back(parseOverride(override.toStdString()));
        const QString message = QString::fromStdString(errorOf(text.toStdString(), overrides));
        QVERIFY2(message.contains(expected), qPrintable("got: " + message));
    }

    // Issue 14, defect 4: a network path is read only when it is a regular file within the size limit.
    void networkPathsAreRegularFilesOfBoundedSize() {
        QTemporaryDir dir;
        QVERIFY(QFile::link("/dev/zero", dir.filePath("zero.csv")));
        QVERIFY(QDir(dir.path()).mkdir("folder.json"));
        QFile big(dir.filePath("big.csv"));
        QVERIFY(big.open(QIODevice::WriteOnly) && big.resize((std::int64_t(64) << 20) + 1));  // sparse: no disk used
        big.close();
        const std::pair<const char*, const char*> cases[] = {
            {"zero.csv", "zero.csv: not a regular file"},
            {"folder.json", "folder.json: not a regular file"},
            {"big.csv", "big.csv: the network file is 67108865 bytes, more than the limit of 64 MiB"}};
        for (const auto& [network, expected] : cases) {
            QFile scen(dir.filePath("s.json"));
            QVERIFY(scen.open(QIODevice::WriteOnly | QIODevice::Truncate));
            scen.write(QByteArray(R"({"name": "n", "module": "network", "network": ")") + network + "\"}");
            scen.close();
            try {
                loadScenarioFile(scen.fileName().toStdString());
                QFAIL(qPrintable(QString("no error for ") + network));
            } catch (const InputError& e) {
                QVERIFY2(QString(e.what()).contains(expected), e.what());
            }
        }
    }

    void missingFileIsNamed() {
        try {
            loadScenarioFile("/nonexistent/scenario.json");
            QFAIL("no error");
        } catch (const InputError& e) {
            QCOMPARE(QString(e.what()), QString("/nonexistent/scenario.json: no such scenario file"));
        }
    }

    void overrideWithoutEqualsIsRejected() {
        QVERIFY_THROWS_EXCEPTION(InputError, parseOverride("params.stages"));
    }

    // A GUI edit is the --set of the same value: one mechanism, so the two cannot drift apart.
    void paramEditsAreOverrides() {
        const Scenario base = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/pipeline-mnist-cnn-3stage.json");
        const Scenario edited = editScenario(
            base, ParamEdits{{"batch", ParamValue(std::int64_t(16))},
                             {"partition", ParamValue(std::vector<std::string>{"pool1", "fc3"})}});
        const Scenario set = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/pipeline-mnist-cnn-3stage.json",
                                              {parseOverride("params.batch=16"), parseOverride("params.partition=[pool1,fc3]")});
        QCOMPARE(edited.json, set.json);
        QCOMPARE(edited.params.getInt("batch"), std::int64_t(16));
        QCOMPARE(edited.params.getStringList("partition"), (std::vector<std::string>{"pool1", "fc3"}));
        QCOMPARE(edited.file, base.file);
    }

    void paramEditValuesSurviveTheirJsonText() {
        const Scenario base = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/cgra-alexnet-table2.json");
        const Scenario edited = editScenario(base, ParamEdits{{"frequency_mhz", ParamValue(123.456789012345)}});
        QCOMPARE(edited.params.getDouble("frequency_mhz"), 123.456789012345);
    }

    // Removing a parameter the JSON does not set changes nothing (the panel resets what it shows); --unset of it
    // is an error, because on the command line it is a typing mistake.
    void removingAnUnsetParameterIsNoChange() {
        const Scenario base = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/network-mnist-cnn.json");
        const Scenario pipeline = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/pipeline-mnist-cnn-3stage.json");
        QVERIFY(pipeline.params.has("workers"));
        QVERIFY(!editScenario(pipeline, ParamEdits{{"workers", std::nullopt}}).params.has("workers"));  // optional
        QVERIFY_THROWS_EXCEPTION(InputError, editScenario(base, std::vector<Override>{parseUnset("params.x")}));
        const Scenario same = editScenario(pipeline, ParamEdits{{"memory_momentum", std::nullopt}});
        QCOMPARE(same.json, pipeline.json);
    }

    void badParamEditNamesTheParameter() {
        const Scenario base = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/pipeline-mnist-cnn-3stage.json");
        try {
            editScenario(base, ParamEdits{{"batch", ParamValue(std::int64_t(0))}});
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("params.batch: value 0 is out of range"), e.what());
        }
        Scenario inMemory = base;
        inMemory.json.clear();
        QVERIFY_THROWS_EXCEPTION(InputError, editScenario(inMemory, ParamEdits{}));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "test_scenario.moc"
