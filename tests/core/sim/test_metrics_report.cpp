// SPDX-License-Identifier: GPL-3.0-or-later
// MetricsReport: reference checks and the written forms (metrics.json, CSV, text).
#include "core/sim/metrics_json.h"
#include "core/sim/metrics_report.h"
#include "tests/reference_support.h"

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
        QVERIFY(r.checkReferences({plainReference("bandwidth_reduction", 0.9725, 0.002, "KobePipeline")}));
        QVERIFY(r.references.front().status == ReferenceStatus::Pass);
        QVERIFY(std::abs(r.references.front().relError - 0.0001 / 0.9725) < 1e-12);
    }
    void referenceOutsideToleranceFails() {
        MetricsReport r;
        r.add("x", 110);
        QVERIFY(!r.checkReferences({plainReference("x", 100, 0.05, "")}));
        QCOMPARE(r.references.front().relError, 0.1);
        QVERIFY(r.references.front().status == ReferenceStatus::Fail);
        QCOMPARE(r.overallReferenceStatus().value(), ReferenceStatus::Fail);
    }
    // The four statuses (docs/fidelity.md) and the rules that keep a scenario from silencing a plain miss.
    void declaredNotReproducedOutsideToleranceIsAResult() {
        MetricsReport r;
        r.add("total_time_ms", 109);
        Reference ref = plainReference("total_time_ms", 380, 0.05, "AndoCGRA §5.2");
        ref.expect = ReferenceExpectation::NotReproduced;
        ref.reason = "Eq. (6) gives 109 ms";
        QVERIFY(r.checkReferences({ref}));  // no failure: exit 0
        QVERIFY(r.references.front().status == ReferenceStatus::NotReproduced);
        QVERIFY(!r.allReferencesPassed());
        QVERIFY(r.noReferenceFailed());
        QCOMPARE(r.overallReferenceStatus().value(), ReferenceStatus::NotReproduced);
        QVERIFY(r.references.front().note.empty());
    }
    void declaredNotReproducedThatPassesSaysSo() {
        MetricsReport r;
        r.add("x", 101);
        Reference ref = plainReference("x", 100, 0.05, "");
        ref.expect = ReferenceExpectation::NotReproduced;
        ref.reason = "r";
        QVERIFY(r.checkReferences({ref}));
        QVERIFY(r.references.front().status == ReferenceStatus::Pass);
        QVERIFY(QString::fromStdString(r.references.front().note).contains("out of date"));
        QVERIFY(QString::fromStdString(formatReportText(r)).contains("note: declared not-reproduced"));
    }
    void inconsistentSourceChecksTheImpliedFigure() {
        MetricsReport r;
        r.add("training_tops", 2.29);
        Reference ref = plainReference("training_tops", 1.9, 0.1, "NeuroTrainer §5.1");
        ref.expect = ReferenceExpectation::InconsistentSource;
        ref.reason = "3 × 1.449 GOP / 1.97 ms = 2.21 TOPS";
        ref.impliedValue = 2.21;
        QVERIFY(r.checkReferences({ref}));
        const ReferenceCheck& c = r.references.front();
        QVERIFY(c.status == ReferenceStatus::InconsistentSource);
        QVERIFY(std::abs(*c.impliedRelError - 0.08 / 2.21) < 1e-12);
        // The implied figure missed too: a plain failure, whatever the scenario declared.
        r.summary.front().value = 3.0;
        QVERIFY(!r.checkReferences({ref}));
        QVERIFY(r.references.front().status == ReferenceStatus::Fail);
        QVERIFY(!r.references.front().note.empty());
    }
    void missingKeyFailsWhateverIsDeclared() {
        MetricsReport r;
        Reference ref = plainReference("absent", 1, 1, "");
        ref.expect = ReferenceExpectation::NotReproduced;
        ref.reason = "r";
        QVERIFY(!r.checkReferences({ref}));
        QVERIFY(r.references.front().status == ReferenceStatus::Fail);
    }
    void overallStatusOrder() {
        MetricsReport r;
        QVERIFY(!r.overallReferenceStatus());
        r.add("a", 1);
        r.add("b", 2);
        Reference pass = plainReference("a", 1, 0, ""), inconsistent = plainReference("b", 3, 0.01, "");
        inconsistent.expect = ReferenceExpectation::InconsistentSource;
        inconsistent.reason = "r";
        inconsistent.impliedValue = 2;
        r.checkReferences({pass, inconsistent});
        QCOMPARE(r.overallReferenceStatus().value(), ReferenceStatus::InconsistentSource);
        QCOMPARE(QString::fromStdString(referenceStatusName(ReferenceStatus::InconsistentSource)),
                 QString("inconsistent-source"));
        QCOMPARE(QString::fromStdString(referenceStatusName(ReferenceStatus::NotReproduced)), QString("not-reproduced"));
    }
    void missingReferenceKeyFails() {
        MetricsReport r;
        QVERIFY(!r.checkReferences({plainReference("absent", 1, 1, "")}));
        QVERIFY(!r.references.front().simulated.has_value());
    }
    void jsonHasTheDesignShape() {
        MetricsReport r;
        r.scenario = "demo";
        r.module = "network";
        r.add("total_params", 42, "", "6·7");
        Table& t = r.addTable("layers", {{"layer", ""}, {"params", ""}});
        t.addRow({std::string("conv1"), std::int64_t(42)});
        r.checkReferences({plainReference("total_params", 40, 0.1, "book")});
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
        QCOMPARE(ref["status"].toString(), QString("pass"));
        QVERIFY(!ref.contains("reason"));
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
