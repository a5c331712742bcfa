// The GUI gaps fixed for lectures: chart marker labels at the same x no longer print on top of each other, and
// the parameter panel keeps its editors (and the focus) when an edit changes the scenario.

#include "core/scenario/scenario.h"
#include "tests/lecture/lecture_test_support.h"
#include "views/chart_builder.h"
#include "views/parameter_panel.h"
#include "views/simulation_controller.h"

#include <QChart>
#include <QLineEdit>
#include <QScatterSeries>
#include <QUndoStack>
#include <QtTest>

using namespace dfl;

class TestGuiFixes : public QObject {
    Q_OBJECT

private slots:
    void markerLabelsAtOneXAreStacked() {
        ChartSpec spec;
        spec.id = "t";
        spec.title = "T";
        spec.xLabel = "x";
        spec.yLabel = "y";
        spec.series.push_back({"s", SeriesRole::Forward, {0, 10}, {0, 10}});
        spec.markers = {{"published", 5, 5.0, SeriesRole::Reference}, {"simulated", 5, 5.1, SeriesRole::Selected},
                        {"alone", 8, 5.0, SeriesRole::Selected}};
        std::unique_ptr<QChart> chart(buildChart(spec));
        // One data series, three visible markers, and one label carrier lifting the higher label of x = 5.
        QCOMPARE(chart->series().size(), 5);
        QList<QScatterSeries*> labelled;
        for (QAbstractSeries* s : chart->series())
            if (auto* sc = qobject_cast<QScatterSeries*>(s); sc && sc->pointLabelsVisible()) labelled << sc;
        QCOMPARE(labelled.size(), 3);
        double publishedSize = 0, simulatedSize = 0;
        for (QScatterSeries* s : labelled) {
            if (s->name() == "published") publishedSize = s->markerSize();
            if (s->name() == "simulated") simulatedSize = s->markerSize();
        }
        QVERIFY(simulatedSize > publishedSize + 20);  // at least one text line higher
        // Updating the data keeps the chart (markers unchanged).
        ChartSpec next = spec;
        next.series[0].y = {1, 9};
        QVERIFY(updateChartData(chart.get(), spec, next));
    }

    void parameterPanelKeepsItsEditors() {
        SimulationController controller;
        QUndoStack undo;
        ParameterPanel panel(&controller, &undo);
        const Scenario s = loadScenarioFile(lecture::scenarioPath("pipeline-vgg-f-4stage.json").toStdString());
        controller.loadScenario(s);
        QTRY_VERIFY(panel.editor("partition") != nullptr);
        QWidget* partition = panel.editor("partition");
        QWidget* batch = panel.editor("batch");
        controller.applyParamEdits({{"batch", ParamValue(std::int64_t(16))}});
        QTRY_COMPARE(controller.scenario()->params.getInt("batch"), std::int64_t(16));
        QCOMPARE(panel.editor("partition"), partition);  // same widgets: no rebuild, no lost focus
        QCOMPARE(panel.editor("batch"), batch);
        controller.applyParamEdits({{"partition", ParamValue(std::vector<std::string>{"conv3", "conv4", "conv5"})}});
        QTRY_COMPARE(qobject_cast<QLineEdit*>(panel.editor("partition"))->text(), QString("conv3, conv4, conv5"));
        QCOMPARE(panel.editor("partition"), partition);
        controller.loadScenario(loadScenarioFile(lecture::scenarioPath("network-mnist-cnn.json").toStdString()));
        QTRY_VERIFY(panel.editor("partition") == nullptr);  // another module: a new form
    }
};

QTEST_MAIN(TestGuiFixes)
#include "test_gui_fixes.moc"
