// Scenario loading: good files, overrides, and a table of malformed inputs each with its message.
#include "core/scenario/json_params.h"
#include "core/scenario/scenario.h"
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
};

QTEST_GUILESS_MAIN(TestScenario)
#include "test_scenario.moc"
