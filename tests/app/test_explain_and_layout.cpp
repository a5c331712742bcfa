// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12, "explain every number" and "layout stays put", offscreen: a hover over a NeuroTrainer vault, PE or bus
// spoke, a TDNN delay-line stage or a chart's data point finds its tooltip through the view's own hit test; the
// CGRA schedule's "meaning" column wraps instead of eliding at presentation size; an edit and its undo leave the
// window's and the docks' widths and the views' fonts where they were.

#include "app/main_window.h"
#include "tests/support/lecture_test_support.h"
#include "tests/support/view_test_support.h"
#include "views/cgra/cgra_array_view.h"
#include "views/chart_builder.h"
#include "views/chart_panel.h"
#include "views/metrics_view.h"
#include "views/neurotrainer/nt_cube_view.h"
#include "views/palette.h"
#include "views/param_edit_command.h"
#include "views/simulation_controller.h"
#include "views/tdnn/race_view.h"

#include <QChart>
#include <QChartView>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <map>
#include <tuple>

using namespace dfl;
using lecture::ViewOnItsController;

namespace {

// Every distinct tooltip a hover anywhere on `widget` gives, through `tipAt` (the view's own hit test).
template <class TipAt>
QString allTips(QWidget& widget, TipAt tipAt, int step = 6) {
    QStringList tips;
    for (int x = 0; x < widget.width(); x += step)
        for (int y = 0; y < widget.height(); y += step) tips << tipAt(QPointF(x, y));
    tips.removeAll(QString());
    tips.removeDuplicates();
    return tips.join("\n---\n");
}

}  // namespace

class TestExplainAndLayout : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() { lecture::isolateSettings(settingsDir_.path(), "test_explain_and_layout"); }
    void cleanup() { setPresentationScale(1.0); }

    // NeuroTrainer: every vault, PE and bus spoke explains itself with this cycle's words moved.
    void neurotrainerVaultsPesAndBusExplainThemselves() {
        ViewOnItsController<NtCubeView> v("neurotrainer-small-cnn.json", {1100, 760});
        QVERIFY(v.seekAndWait(3));
        NtCubeCanvas* canvas = v.view.findChild<NtCubeCanvas*>();
        QVERIFY(canvas);
        canvas->repaint();
        const QString all = allTips(*canvas, [&](QPointF at) { return canvas->toolTipAt(at); });
        for (const char* expected : {"DRAM vault V0", "DRAM vault V14", "<b>PE 0</b>", "Bus spoke to PE 7", "Common vault"})
            QVERIFY2(all.contains(expected), qPrintable(expected + QString(" not in:\n") + all));
        // Cycle 3 loads (or broadcasts): the tip counts the words of this transfer.
        const QString vault = canvas->explainVault(0);
        QVERIFY2(vault.contains(QRegularExpression("word [0-9,]+ of [0-9,]+")) || vault.contains("idle"), qPrintable(vault));
        QVERIFY(canvas->explainVault(99).isEmpty());
        QVERIFY(canvas->explainBus(-1).isEmpty());
        QVERIFY2(canvas->explainPe(0).contains("op cycle"), qPrintable(canvas->explainPe(0)));
    }

    // TDNN: a delay-line stage says its weight, input, crossover and, once passed, the edges' times and lead.
    void tdnnStagesExplainThemselves() {
        ViewOnItsController<RaceView> v("tdnn-fashion-mnist.json", {1280, 720}, lecture::smallerTraining("tdnn"));
        QVERIFY(v.seekAndWait(6));
        v.view.repaint();
        const QString all = allTips(v.view, [&](QPointF at) { return v.view.toolTipAt(at); });
        QVERIFY2(all.contains("<b>Stage k = 6 of"), qPrintable(all));
        const QString passed = v.view.explainStage(2);
        QVERIFY2(passed.contains("weight w<sub>k</sub>") && passed.contains("x'<sub>k</sub> = x<sub>k</sub>·x<sub>k+1</sub>") &&
                     passed.contains("edges after it"),
                 qPrintable(passed));
        QVERIFY2(v.view.explainStage(10).contains("have not reached it"), qPrintable(v.view.explainStage(10)));
        QVERIFY(v.view.explainStage(0).isEmpty());
    }

    // A metric: its tooltip says what it is and how it was obtained with this run's values substituted — the batch
    // report's own formula, so the GUI and `batch --json` explain a figure with one text.
    void metricsExplainThemselvesWithTheirFormula() {
        for (const char* scenario : {"pipeline-vgg-f-4stage.json", "cgra-alexnet-table2.json", "neurotrainer-small-cnn.json"}) {
            SimulationController controller;
            MetricsView view(&controller);
            view.resize(900, 600);
            view.show();
            controller.loadScenario(loadScenarioFile(lecture::scenarioPath(scenario).toStdString()));
            controller.seek(12);
            QDeadlineTimer deadline(60000);
            while (!(controller.cycle() == 12 && controller.metrics()) && !deadline.hasExpired()) QTest::qWait(10);
            QTest::qWait(30);
            QVERIFY2(controller.metrics(), scenario);
            const MetricsReport& report = *controller.metrics();
            QTableWidget* table = view.summary();
            QCOMPARE(table->rowCount(), int(report.summary.size()));
            int withFormula = 0;
            for (int r = 0; r < table->rowCount(); ++r) {
                const Figure& f = report.summary[size_t(r)];
                const QString tip = table->item(r, 1)->toolTip();
                QVERIFY2(tip.contains(QString::fromStdString(f.description)), qPrintable(tip));
                if (f.formula.empty()) continue;
                ++withFormula;
                const QString formula = QString::fromStdString(f.formula);
                QVERIFY2(tip.contains("= " + formula), qPrintable(tip));
                // An arithmetic formula carries this run's values ("counted over the timeline" is a method, not one).
                if (formula.contains(QRegularExpression("[/×·]")))
                    QVERIFY2(formula.contains(QRegularExpression("[0-9]")),
                             qPrintable(QString(scenario) + " " + QString::fromStdString(f.key) + ": " + formula));
            }
            QVERIFY2(withFormula >= 5, scenario);
        }
    }

    // A chart: hovering a data point names its series and both values with the axes' titles (their units).
    void chartPointsExplainThemselves() {
        ChartSpec spec;
        spec.series = {{"pipeline", SeriesRole::Forward, {1, 2, 4}, {10, 30, 20}},
                       {"data parallel", SeriesRole::Backward, {1, 2, 4}, {5, 6, 7}}};
        std::tie(spec.title, spec.xLabel, spec.yLabel) = std::tuple("Processing time", "batch size", "time (ms)");
        ChartPanel panel(spec);
        panel.resize(700, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(20);
        QChartView* view = panel.chartView();
        QChart* chart = view->chart();
        auto panelPoint = [&](QPointF value, int series) {
            const QPointF inChart = chart->mapToPosition(value, chart->series().at(series));
            const QPoint inViewport = view->mapFromScene(chart->mapToScene(inChart));
            return QPointF(view->viewport()->mapTo(&panel, inViewport));
        };
        const QString tip = panel.toolTipAt(panelPoint({2, 30}, 0) + QPointF(2, -1));
        QVERIFY2(tip.contains("pipeline") && tip.contains("batch size: 2") && tip.contains("time (ms): 30"), qPrintable(tip));
        const QString other = panel.toolTipAt(panelPoint({4, 7}, 1));
        QVERIFY2(other.contains("data parallel") && other.contains("time (ms): 7"), qPrintable(other));
        QVERIFY(panel.toolTipAt(QPointF(2, 2)).isEmpty());  // the corner: no point there
    }

    // A chart in a narrow dock at presentation size: Qt's one-row legend would elide every name ("Pipel…"); the
    // panel's own legend shows each whole, wrapped, and gives way to Qt's again where the row fits.
    void narrowChartLegendShowsWholeNames() {
        setPresentationScale(1.8);
        ChartSpec spec;
        spec.series = {{"Pipeline forward (input + activations)", SeriesRole::Forward, {1, 2, 4}, {1, 2, 3}},
                       {"Pipeline backward (gradients)", SeriesRole::Backward, {1, 2, 4}, {1, 1, 1}},
                       {"Data parallel (n·W down + n·W up)", SeriesRole::Update, {1, 2, 4}, {5, 5, 5}}};
        std::tie(spec.title, spec.xLabel, spec.yLabel) = std::tuple("Traffic", "batch", "MB");
        ChartPanel panel(spec);
        panel.resize(420, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_VERIFY(panel.legendLabel()->isVisible());
        QVERIFY(!panel.chartView()->chart()->legend()->isVisible());
        for (const ChartSeries& s : spec.series)
            QVERIFY2(panel.legendLabel()->text().contains(QString::fromStdString(s.name).toHtmlEscaped()),
                     qPrintable(panel.legendLabel()->text()));
        QVERIFY(panel.legendLabel()->height() >= panel.legendLabel()->heightForWidth(panel.legendLabel()->width()));
        setPresentationScale(1.0);
        panel.resize(1500, 700);
        QTRY_VERIFY(!panel.legendLabel()->isVisible());
        QVERIFY(panel.chartView()->chart()->legend()->isVisible());
    }

    // The CGRA schedule at presentation size: the meaning column wraps, every row as tall as its text.
    void cgraScheduleMeaningWrapsInsteadOfEliding() {
        setPresentationScale(1.8);
        ViewOnItsController<CgraArrayView> v("cgra-small-layer.json", {1150, 700});
        QVERIFY(v.seekAndWait(20));
        QTableWidget* table = v.view.scheduleTable();
        QVERIFY(table->rowCount() > 0);
        QTest::qWait(20);
        const int meaningWidth = table->columnWidth(2);
        const QFontMetrics fm(table->font());
        for (int r = 0; r < table->rowCount(); ++r) {
            const QString text = table->item(r, 2)->text();
            const QRect need = fm.boundingRect(QRect(0, 0, meaningWidth - 8, 100000), Qt::TextWordWrap, text);
            QVERIFY2(need.height() <= table->rowHeight(r) && need.width() <= meaningWidth,
                     qPrintable(QString("row %1 \"%2\": needs %3 x %4, has %5 x %6").arg(r).arg(text).arg(need.width())
                                    .arg(need.height()).arg(meaningWidth).arg(table->rowHeight(r))));
        }
        QCOMPARE(table->textElideMode(), Qt::ElideNone);
    }

    // An edit and its undo: the window, every dock and the views' fonts stay as they were (they jumped after an
    // edit; the Undo button named the edit and widened the window).
    void layoutStaysPutAfterAnEdit() {
        QSettings().clear();
        MainWindow w;
        w.setInteractive(false);
        w.resize(1280, 760);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(lecture::scenarioPath("pipeline-vgg-f-4stage.json")));
        QTRY_VERIFY(w.controller()->scenario() && w.controller()->metrics() && !w.moduleDocks().isEmpty());
        QTest::qWait(100);
        auto measure = [&] {
            std::map<QString, int> out;
            out["window width"] = w.width();
            for (QDockWidget* d : w.findChildren<QDockWidget*>())
                if (d->isVisible()) out["dock " + d->windowTitle()] = d->width();
            for (QDockWidget* d : w.findChildren<QDockWidget*>())
                for (QWidget* c : d->findChildren<QWidget*>())
                    if (c->isVisible() && !c->objectName().startsWith("qt_"))
                        out[QString("font %1/%2").arg(d->windowTitle(), c->metaObject()->className())] =
                            std::max(out[QString("font %1/%2").arg(d->windowTitle(), c->metaObject()->className())],
                                     int(c->font().pointSizeF() * 10));
            return out;
        };
        const auto before = measure();
        QUndoStack* undo = w.findChild<QUndoStack*>();
        QVERIFY(undo);
        const std::int64_t batch = w.controller()->scenario()->params.getInt("batch");
        undo->push(new ParamEditCommand(w.controller(), {{"batch", ParamValue(batch * 2)}},
                                        "Change the mini-batch size to a longer description than any button should show"));
        QTRY_VERIFY(w.controller()->scenario()->params.getInt("batch") == batch * 2);
        QTRY_VERIFY(w.controller()->metrics());
        QTest::qWait(150);
        auto compare = [&](const char* when) {
            const auto after = measure();
            for (const auto& [key, value] : before) {
                const auto it = after.find(key);
                QVERIFY2(it != after.end(), qPrintable(QString("%1: %2 went away").arg(when, key)));
                QVERIFY2(it->second == value, qPrintable(QString("%1: %2 was %3, now %4").arg(when, key).arg(value).arg(it->second)));
            }
        };
        compare("after the edit");
        undo->undo();
        QTRY_VERIFY(w.controller()->scenario()->params.getInt("batch") == batch);
        QTest::qWait(150);
        compare("after the undo");
    }
};

QTEST_MAIN(TestExplainAndLayout)
#include "test_explain_and_layout.moc"
