// SPDX-License-Identifier: GPL-3.0-or-later
// Side-by-side comparison offscreen: two configurations of one module step on one clock, the table shows both
// figures and their differences, and two different modules are refused.
// DFL_SCREENSHOT_DIR=DIR keeps lecture-comparison.png.

#include "core/scenario/comparison_metrics.h"
#include "core/sim/input_error.h"
#include "tests/support/lecture_test_support.h"
#include "views/comparison_dialog.h"
#include "views/comparison_view.h"

#include <QLabel>
#include <QTableWidget>
#include <QtTest>

using namespace dfl;

class TestComparison : public QObject {
    Q_OBJECT

private slots:
    void figuresAndDifferences() {
        MetricsReport a, b;
        a.add("traffic", 10, "MB");
        a.add("same", 3);
        b.add("traffic", 4, "MB");
        b.add("same", 3);
        b.add("only_b", 1);
        const auto rows = compareFigures(a, b);
        QCOMPARE(rows.size(), size_t(3));
        QCOMPARE(*rows[0].difference(), -6.0);
        QCOMPARE(*rows[0].ratio(), 0.4);
        QVERIFY(rows[0].differs());
        QVERIFY(!rows[1].differs());
        QVERIFY(!rows[2].a && rows[2].differs());
    }

    void twoPartitionsOnOneClock() {
        const auto path = lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString();
        const Scenario a = loadScenarioFile(path);
        const Scenario b = loadScenarioFile(path, ComparisonDialog::parseChanges("params.partition=[conv3,conv4,conv5]"));
        const auto params = compareParams(a, b);
        QCOMPARE(params.size(), size_t(1));
        QCOMPARE(params.front().key, std::string("partition"));

        ComparisonView view(a, b);
        view.resize(1600, 1000);
        view.show();
        QTRY_VERIFY(view.controllerA()->metrics() && view.controllerB()->metrics());
        for (int i = 0; i < 6; ++i) view.step();
        QTRY_COMPARE(view.controllerA()->cycle(), qint64(6));
        QTRY_COMPARE(view.controllerB()->cycle(), qint64(6));
        view.stepBack();
        QTRY_COMPARE(view.controllerA()->cycle(), qint64(5));
        QTRY_COMPARE(view.controllerB()->cycle(), qint64(5));
        QCOMPARE(view.cycle(), qint64(5));

        // The table: every summary figure of A, both values, and where they differ the difference is non-zero.
        QTRY_VERIFY(view.table()->rowCount() >= int(view.controllerA()->metrics()->summary.size()));
        int differing = 0;
        for (int r = 0; r < view.table()->rowCount(); ++r) {
            const QString diff = view.table()->item(r, 4)->text();
            if (diff != "0" && diff != "—") ++differing;
            if (view.table()->item(r, 2)->text() != view.table()->item(r, 3)->text()) QVERIFY(diff != "0");
        }
        QVERIFY(differing > 0);  // another partition moves other traffic
        const QString headerB = view.findChild<QLabel*>("headerB")->text();
        QVERIFY2(headerB.contains("partition = ") && headerB.contains("conv5"), qPrintable(headerB));

        view.run();
        QTRY_VERIFY(view.cycle() > 5);
        view.pause();
        view.seek(8);
        QTRY_COMPARE(view.controllerA()->cycle(), qint64(8));
        QTRY_COMPARE(view.controllerB()->cycle(), qint64(8));
        QTest::qWait(100);
        const QString dir = qEnvironmentVariable("DFL_SCREENSHOT_DIR");
        if (!dir.isEmpty()) QVERIFY(view.grab().save(QDir(dir).filePath("lecture-comparison.png")));
    }

    void refusesTwoModules() {
        const Scenario a = loadScenarioFile(lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString());
        const Scenario b = loadScenarioFile(lecture::scenarioPath("network-mnist-cnn.json").toStdString());
        QVERIFY_THROWS_EXCEPTION(InputError, ComparisonView(a, b));
    }
};

QTEST_MAIN(TestComparison)
#include "test_comparison.moc"
