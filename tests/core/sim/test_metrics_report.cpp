// MetricsReport: reference checks and the written forms (metrics.json, CSV, text).
#include "core/sim/metrics_json.h"
#include "core/sim/metrics_report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace dfl;

class TestMetricsReport : public QObject {
    Q_OBJECT
private slots:
    void referenceWithinTolerancePasses() {
        MetricsReport r;
        r.add("bandwidth_reduction", 0.9726);
        QVERIFY(r.checkReferences({{"bandwidth_reduction", 0.9725, 0.002, "seed 001"}}));
        QVERIFY(r.references.front().passed);
        QVERIFY(std::abs(r.references.front().relError - 0.0001 / 0.9725) < 1e-12);
    }
    void referenceOutsideToleranceFails() {
        MetricsReport r;
        r.add("x", 110);
        QVERIFY(!r.checkReferences({{"x", 100, 0.05, ""}}));
        QCOMPARE(r.references.front().relError, 0.1);
    }
    void missingReferenceKeyFails() {
        MetricsReport r;
        QVERIFY(!r.checkReferences({{"absent", 1, 1, ""}}));
        QVERIFY(!r.references.front().simulated.has_value());
    }
    void jsonHasTheDesignShape() {
        MetricsReport r;
        r.scenario = "demo";
        r.module = "network";
        r.add("total_params", 42, "", "6·7");
        Table& t = r.addTable("layers", {{"layer", ""}, {"params", ""}});
        t.addRow({std::string("conv1"), std::int64_t(42)});
        r.checkReferences({{"total_params", 40, 0.1, "book"}});
        const QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(metricsToJson(r))).object();
        QCOMPARE(root["scenario"].toString(), QString("demo"));
        QCOMPARE(root["module"].toString(), QString("network"));
        QCOMPARE(root["summary"].toObject()["total_params"].toDouble(), 42.0);
        QCOMPARE(root["formulas"].toObject()["total_params"].toString(), QString("6·7"));
        QCOMPARE(root["tables"].toObject()["layers"].toArray()[0].toObject()["layer"].toString(), QString("conv1"));
        const QJsonObject ref = root["references"].toArray()[0].toObject();
        QCOMPARE(ref["key"].toString(), QString("total_params"));
        QCOMPARE(ref["published"].toDouble(), 40.0);
        QCOMPARE(ref["simulated"].toDouble(), 42.0);
        QCOMPARE(ref["rel_error"].toDouble(), 0.05);
    }
    void csvQuotesWhereNeeded() {
        Table t{"t", {{"name", ""}, {"value", ""}}, {}};
        t.addRow({std::string("a,b"), 1.5});
        t.addRow({std::string("say \"hi\""), std::int64_t(7)});
        QCOMPARE(QString::fromStdString(tableToCsv(t)), QString("name,value\n\"a,b\",1.5\n\"say \"\"hi\"\"\",7\n"));
    }
    void rowWidthIsChecked() {
        Table t{"t", {{"a", ""}}, {}};
        QVERIFY_THROWS_EXCEPTION(std::logic_error, t.addRow({std::int64_t(1), std::int64_t(2)}));
    }
    void numbersFormatStably() {
        QCOMPARE(QString::fromStdString(formatNumber(60965224)), QString("60965224"));
        QCOMPARE(QString::fromStdString(formatNumber(0.97254321)), QString("0.972543"));
        QCOMPARE(QString::fromStdString(formatNumber(-3)), QString("-3"));
    }
};

QTEST_APPLESS_MAIN(TestMetricsReport)
#include "test_metrics_report.moc"
