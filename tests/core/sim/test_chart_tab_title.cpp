// SPDX-License-Identifier: GPL-3.0-or-later
// The Charts dock's tabs (issue 12): seven whole chart titles of the pipeline lesson stood behind scroll arrows, the
// first cut to "vgg-f: data transfer per mini-batch, P". A tab names its chart in a few words; its tool tip keeps
// the whole title.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/chart_spec.h"

#include <QtTest>

using namespace dfl;

namespace {

ChartSpec titled(std::string title, std::string tab = {}) {
    ChartSpec c;
    c.title = std::move(title);
    c.tab = std::move(tab);
    return c;
}

}  // namespace

class TestChartTabTitle : public QObject {
    Q_OBJECT
private slots:
    void derivedFromTheTitle_data() {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("tab");
        QTest::newRow("network prefix and batch") << "vgg-f: memory per pipeline stage (batch 32)" << "Memory per pipeline stage";
        QTest::newRow("a prefix of words stays") << "Pipeline schedules: time to 10 % test error" << "Pipeline schedules: time to 10 % test error";
        QTest::newRow("plain") << "Training loss" << "Training loss";
        QTest::newRow("a parenthesis inside stays") << "Flip rate (σs 1) against margin" << "Flip rate (σs 1) against margin";
        QTest::newRow("only a parenthesis") << "(batch 32)" << "(batch 32)";
    }
    void derivedFromTheTitle() {
        QFETCH(QString, title);
        QFETCH(QString, tab);
        QCOMPARE(QString::fromStdString(chartTabTitle(titled(title.toStdString()))), tab);
    }

    void givenTabWins() { QCOMPARE(chartTabTitle(titled("vgg-f: data transfer per mini-batch, P = 4", "Transfer")), std::string("Transfer")); }

    // Every chart of the lessons that build their charts without training: a tab of a few words.
    void everyLessonTabIsShort_data() {
        QTest::addColumn<QString>("file");
        for (const char* f : {"pipeline-vgg-f-4stage.json", "pipeline-schedule-1f1b.json", "cgra-small-layer.json",
                              "network-vgg-f.json", "neurotrainer-small-cnn.json", "neurotrainer-scaling.json"})
            QTest::newRow(f) << f;
    }
    void everyLessonTabIsShort() {
        QFETCH(QString, file);
        const Scenario s = loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/" + file.toStdString());
        auto model = createModel(s);
        model->reset();
        const std::vector<ChartSpec> charts = model->charts();
        QVERIFY(!charts.empty());
        for (const ChartSpec& c : charts) {
            const std::string tab = chartTabTitle(c);
            QVERIFY2(tab.size() <= kLongestTab, qPrintable(QString::fromStdString("\"" + tab + "\" for \"" + c.title + "\"")));
        }
    }

private:
    static constexpr std::size_t kLongestTab = 34;  // bytes: "µ" and "–" take two or three
};

QTEST_APPLESS_MAIN(TestChartTabTitle)
#include "test_chart_tab_title.moc"
