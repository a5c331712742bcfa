// SPDX-License-Identifier: GPL-3.0-or-later
// Captions that state a trend say what their chart's data does (issue 12: "the data rates stay nearly flat" sat
// over a 50 → 3 MB/s fall). For every chart of the shipped scenarios that build without training, every
// "rises from A to B", "falls from A to B" and "stays near M (L to H)" in a caption is checked against the chart's
// series, independently of the code that wrote it; fixed trend words no computation backs are refused.

#include "core/modules/module_registry.h"
#include "core/sim/series_trend.h"
#include "tests/support/lecture_test_support.h"

#include <QRegularExpression>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace dfl;

namespace {

bool near3(double value, double written) {  // the caption writes three significant digits
    return std::fabs(value - written) <= 0.0051 * std::max(std::fabs(value), std::fabs(written)) + 1e-12;
}

bool monotone(const std::vector<double>& y, bool up) {
    for (size_t i = 1; i < y.size(); ++i)
        if (up ? y[i] < y[i - 1] : y[i] > y[i - 1]) return false;
    return true;
}

// Some series of the chart does what the claim says.
bool backedBySeries(const ChartSpec& c, const QRegularExpressionMatch& m) {
    const QString verb = m.captured(1);
    const double a = m.captured(2).toDouble(), b = m.captured(3).toDouble();
    for (const ChartSeries& s : c.series) {
        if (s.y.size() < 2) continue;
        const auto [lo, hi] = std::minmax_element(s.y.begin(), s.y.end());
        if (verb == "rises" && near3(s.y.front(), a) && near3(s.y.back(), b) && monotone(s.y, true) && b > a) return true;
        if (verb == "falls" && near3(s.y.front(), a) && near3(s.y.back(), b) && monotone(s.y, false) && b < a) return true;
        if (verb == "stays near" && near3(*lo, a) && near3(*hi, b) && *hi <= *lo * 1.25) return true;
    }
    return false;
}

}  // namespace

class TestCaptions : public QObject {
    Q_OBJECT

private slots:
    void trendWords() {
        ChartSeries s;
        s.y = {50, 20, 8, 3.14159};
        QCOMPARE(describeTrend(s, "MB/s"), std::string("falls from 50 to 3.14 MB/s"));
        s.y = {1, 2, 2, 4};
        QCOMPARE(describeTrend(s, "ms"), std::string("rises from 1 to 4 ms"));
        s.y = {10, 10.5, 9.6};
        QCOMPARE(describeTrend(s, ""), std::string("stays near 10 (9.6 to 10.5)"));
        s.y = {1, 5, 2};
        QCOMPARE(trendOf(s), Trend::Varies);
    }

    void captionsMatchTheirSeries_data() {
        QTest::addColumn<QString>("path");
        for (const QString& f : QDir(lecture::scenariosDir()).entryList({"*.json"}, QDir::Files, QDir::Name)) {
            if (f.startsWith("tdnn") || f.startsWith("convergence")) continue;  // these train when built
            QTest::newRow(qPrintable(f)) << lecture::scenarioPath(qPrintable(f));
        }
    }
    void captionsMatchTheirSeries() {
        QFETCH(QString, path);
        const Scenario scenario = loadScenarioFile(path.toStdString());
        auto model = createModel(scenario);
        const QRegularExpression moves(R"((rises|falls) from ([-0-9.e+]+) to ([-0-9.e+]+))");
        const QRegularExpression stays(R"((stays near) [-0-9.e+]+(?: \S+)? \(([-0-9.e+]+) to ([-0-9.e+]+)\))");
        const QRegularExpression unbacked(R"(nearly flat|nearly independent|constant over|stay flat)");
        for (const ChartSpec& c : model->charts()) {
            const QString caption = QString::fromStdString(c.caption);
            QVERIFY2(!unbacked.match(caption).hasMatch(), qPrintable(QString::fromStdString(c.id) + ": " + caption));
            for (const QRegularExpression* claim : {&moves, &stays})
                for (auto it = claim->globalMatch(caption); it.hasNext();) {
                    const QRegularExpressionMatch m = it.next();
                    QVERIFY2(backedBySeries(c, m), qPrintable(QString::fromStdString(c.id) + ": " + m.captured(0)));
                }
        }
    }
};

QTEST_MAIN(TestCaptions)
#include "test_captions.moc"
