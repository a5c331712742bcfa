// SPDX-License-Identifier: GPL-3.0-or-later
// Parameter declarations: defaults, types, ranges, choices and lists, each error naming its key path.
#include "core/scenario/json_params.h"
#include "core/sim/input_error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace dfl;

namespace {

std::vector<ParamSpec> specs() {
    std::vector<ParamSpec> s;
    declareParam(s, "stages", ParamType::Int, std::int64_t(4), "", "pipeline stages", 1, 64);
    declareParam(s, "rate", ParamType::Double, 0.5, "", "learning rate", 0, 10);
    declareParam(s, "stash", ParamType::Bool, false, "", "weight stashing");
    declareParam(s, "buffers", ParamType::String, std::string("multiport"), "", "row buffers", -1e300, 1e300,
                 {"multiport", "multibank"});
    declareParam(s, "partition", ParamType::StringList, std::vector<std::string>{}, "", "stage starts").optional = true;
    declareParam(s, "list", ParamType::IntList, std::vector<std::int64_t>{1, 2}, "", "stages list", 1, 16);
    declareParam(s, "need", ParamType::Double, 0.0, "", "a required value").required = true;
    return s;
}

QJsonObject json(const char* text) { return QJsonDocument::fromJson(text).object(); }

QString errorOf(const char* text) {
    try {
        validateParams(specs(), json(text), "f.json", "params");
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestParams : public QObject {
    Q_OBJECT
private slots:
    void defaultsFillAbsentKeys() {
        const Params p = validateParams(specs(), json(R"({"need": 1})"), "f.json", "params");
        QCOMPARE(p.getInt("stages"), std::int64_t(4));
        QCOMPARE(p.getDouble("rate"), 0.5);
        QCOMPARE(p.getBool("stash"), false);
        QCOMPARE(QString::fromStdString(p.getString("buffers")), QString("multiport"));
        QVERIFY(!p.has("partition"));
        QCOMPARE(p.getIntList("list").size(), size_t(2));
    }
    void valuesAreRead() {
        const Params p = validateParams(
            specs(), json(R"({"need": 2, "stages": 8, "rate": 1, "partition": ["conv2", "conv3"], "list": [2, 4, 8]})"),
            "f.json", "params");
        QCOMPARE(p.getInt("stages"), std::int64_t(8));
        QCOMPARE(p.getDouble("rate"), 1.0);
        QCOMPARE(p.getStringList("partition").at(1), std::string("conv3"));
        QCOMPARE(p.getDoubleList("list").at(2), 8.0);
    }
    void errors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("required") << "{}" << "f.json: params.need: missing (a required value)";
        QTest::newRow("fractional int") << R"({"need":1,"stages":2.5})"
                                        << "f.json: params.stages: expected an integer from 1 to 64";
        QTest::newRow("int out of range") << R"({"need":1,"stages":0})"
                                          << "f.json: params.stages: value 0 is out of range: expected an integer from 1 to 64";
        QTest::newRow("string for number") << R"({"need":"x"})" << "f.json: params.need: expected a number";
        QTest::newRow("bool") << R"({"need":1,"stash":1})" << "f.json: params.stash: expected true or false";
        QTest::newRow("choice") << R"({"need":1,"buffers":"dual"})"
                                << "f.json: params.buffers: 'dual' is not one of: multiport, multibank";
        QTest::newRow("list type") << R"({"need":1,"partition":"conv2"})"
                                   << "f.json: params.partition: expected a list of strings";
        QTest::newRow("list element") << R"({"need":1,"list":[1,99]})"
                                      << "f.json: params.list[1]: value 99 is out of range";
        QTest::newRow("unknown") << R"({"need":1,"stage":3})" << "f.json: params.stage: unknown parameter (known: stages,";
    }
    void errors() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QString message = errorOf(text.toUtf8().constData());
        QVERIFY2(message.contains(expected), qPrintable("got: " + message));
    }
    void valuesRoundTripThroughJson() {
        QCOMPARE(QString::fromStdString(paramValueText(std::vector<std::string>{"a", "b"})), QString(R"(["a","b"])"));
        QCOMPARE(QString::fromStdString(paramValueText(std::int64_t(3))), QString("3"));
        QCOMPARE(paramValueToJson(true).toBool(), true);
    }
};

QTEST_APPLESS_MAIN(TestParams)
#include "test_params.moc"
