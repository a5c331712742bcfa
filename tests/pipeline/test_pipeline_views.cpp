// SPDX-License-Identifier: GPL-3.0-or-later
// The pipeline views offscreen: a simulated drag and drop in the partition editor changes the running model's
// metrics and undo restores them; the space-time diagram records cycles and measures the delay; the data-movement
// view draws. With DFL_PIPELINE_SCREENSHOTS=DIR the views are saved as PNGs at P = 4 and P = 8 to look at.
#include "tests/support/image_checks.h"
#include "core/scenario/scenario.h"
#include "views/palette.h"
#include "views/pipeline/data_movement_view.h"
#include "views/pipeline/partition_editor_view.h"
#include "views/pipeline/space_time_view.h"
#include "views/simulation_controller.h"

#include <QApplication>
#include <QLabel>
#include <QDropEvent>
#include <QMimeData>
#include <QUndoStack>
#include <QtTest>

using namespace dfl;

namespace {

const std::string VggF4 = std::string(DFL_SOURCE_DIR) + "/scenarios/pipeline-vgg-f-4stage.json";
const std::string VggF8 = std::string(DFL_SOURCE_DIR) + "/scenarios/pipeline-vgg-f-8stage-balanced.json";

double metric(const SimulationController& c, const char* key) { return c.metrics() ? c.metrics()->value(key) : -1; }

std::vector<std::string> partitionNames(const PartitionEditorView& editor) {
    const auto layout = editor.shownLayout();
    std::vector<std::string> names;
    for (int s = 1; s < layout->analysis->partition.stages(); ++s)
        names.push_back(layout->layerNames[size_t(layout->analysis->partition.firstLayer(s))]);
    return names;
}

// Qt delivers drag moves and drops to the widget that accepted the drag's enter event, as in a real drag.
void enter(LayerStripCanvas* strip, QMimeData* mime, QPoint at) {
    QDragEnterEvent event(at, Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(strip, &event);
    QVERIFY(event.isAccepted());
}

void drop(LayerStripCanvas* strip, QMimeData* mime, QPoint at) {
    enter(strip, mime, at);
    QDragMoveEvent move(at, Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(strip, &move);
    QDropEvent dropEvent(at, Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(strip, &dropEvent);
}

struct Views {
    SimulationController controller;
    QUndoStack undo;
    PipelineSpaceTimeView spaceTime{ModuleViewContext{&controller, &undo}};
    PartitionEditorView editor{ModuleViewContext{&controller, &undo}};
    DataMovementView movement{ModuleViewContext{&controller, &undo}};
    Views() {
        spaceTime.resize(1400, 420);
        editor.resize(1100, 760);
        movement.resize(1400, 560);
        spaceTime.show();
        editor.show();
        movement.show();
    }
};

}  // namespace

class TestPipelineViews : public QObject {
    Q_OBJECT
private slots:
    // The selected stage's dashed outline spans the whole row, up to the canvas' right edge, before those cycles run.
    void selectedStageOutlineCoversTheRow() {
        Views v;
        v.controller.loadScenario(loadScenarioFile(VggF4));
        QTRY_VERIFY(v.controller.scenario() != nullptr);
        for (int i = 0; i < 3; ++i) v.controller.step();
        QTRY_COMPARE(v.spaceTime.canvas()->recordedCycles(), std::int64_t(3));
        v.spaceTime.selectStage(2);
        SpaceTimeCanvas* canvas = v.spaceTime.canvas();
        const QImage image = canvas->grab().toImage();
        const QRect row = canvas->cellRect(1, 2);
        QVERIFY(canvas->width() > canvas->cellRect(10, 2).right());  // sized for the whole run, not 3 cycles
        auto outlined = [&](int x0) {  // a few pixels wide: the line is dashed
            for (int x = x0 - 8; x <= std::min(x0 + 8, image.width() - 1); ++x)
            for (int y = row.top(); y <= row.bottom(); ++y) {
                const QColor c = image.pixelColor(x, y);
                if (std::abs(c.red() - palette::reference.red()) + std::abs(c.green() - palette::reference.green()) +
                        std::abs(c.blue() - palette::reference.blue()) < 60)
                    return true;
            }
            return false;
        };
        QVERIFY(outlined(canvas->width() - 2));  // the right end of the row
        QVERIFY(outlined(canvas->cellRect(8, 2).center().x()));  // a cycle not yet drawn
    }

    // Legend chips and the stage selector's label grow with presentation mode, like the charts.
    void fontsFollowPresentationScale() {
        Views v;
        auto delayLabelPoints = [&] {
            for (QLabel* l : v.spaceTime.findChildren<QLabel*>())
                if (l->text().startsWith("Delay for stage")) return l->font().pointSizeF();
            return -1.0;
        };
        const double before = delayLabelPoints();
        QVERIFY(before > 0);
        setPresentationScale(1.8);
        QVERIFY2(delayLabelPoints() > 1.7 * before, qPrintable(QString::number(delayLabelPoints())));
        setPresentationScale(1.0);
        QCOMPARE(delayLabelPoints(), before);
    }

    void dragLayerChangesMetricsAndUndoRestores() {
        Views v;
        v.controller.loadScenario(loadScenarioFile(VggF4));
        QTRY_VERIFY(v.editor.shownLayout() != nullptr && v.controller.metrics() != nullptr);
        const double before = metric(v.controller, "pipeline_forward_mb_per_batch");
        QCOMPARE(partitionNames(v.editor), (std::vector<std::string>{"conv2", "conv3", "conv4"}));

        // Drag conv2 (layer 4, stage 2) onto pool1 (layer 3, stage 1): stage 2 now starts at relu2.
        LayerStripCanvas* strip = v.editor.strip();
        QMimeData* mime = LayerStripCanvas::layerMimeData(4);
        QDragMoveEvent move(strip->layerCenter(3), Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QVERIFY(strip->partitionForDrop(mime, strip->layerCenter(3)).has_value());
        enter(strip, mime, strip->layerCenter(4));
        QApplication::sendEvent(strip, &move);
        QCOMPARE(partitionNames(v.editor), (std::vector<std::string>{"relu2", "conv3", "conv4"}));  // live preview
        QCOMPARE(metric(v.controller, "pipeline_forward_mb_per_batch"), before);                     // not yet applied
        drop(strip, mime, strip->layerCenter(3));
        QCOMPARE(v.undo.count(), 1);
        // conv2's 256x27x27 output now crosses a boundary instead of pool1's 64x27x27.
        QTRY_VERIFY(metric(v.controller, "pipeline_forward_mb_per_batch") > before + 15);
        QTRY_COMPARE(partitionNames(v.editor), (std::vector<std::string>{"relu2", "conv3", "conv4"}));

        v.undo.undo();
        QTRY_COMPARE(metric(v.controller, "pipeline_forward_mb_per_batch"), before);
        QTRY_COMPARE(partitionNames(v.editor), (std::vector<std::string>{"conv2", "conv3", "conv4"}));
        v.undo.redo();
        QTRY_VERIFY(metric(v.controller, "pipeline_forward_mb_per_batch") > before + 15);
        v.undo.undo();
        QTRY_COMPARE(metric(v.controller, "pipeline_forward_mb_per_batch"), before);
        delete mime;

        // A drop two stages away is refused.
        QMimeData* far = LayerStripCanvas::layerMimeData(0);
        QVERIFY(!strip->partitionForDrop(far, strip->layerCenter(9)));
        delete far;
    }

    void dragBoundaryAndBalance() {
        Views v;
        v.controller.loadScenario(loadScenarioFile(VggF4));
        QTRY_VERIFY(v.editor.shownLayout() != nullptr && v.controller.metrics() != nullptr);
        LayerStripCanvas* strip = v.editor.strip();
        // The boundary above stage 4 (before conv4, layer 10) moves to before conv5 (layer 12).
        QMimeData* mime = LayerStripCanvas::boundaryMimeData(4);
        drop(strip, mime, strip->boundaryPoint(4) + QPoint(0, 2 * (strip->layerCenter(1).y() - strip->layerCenter(0).y())));
        delete mime;
        QTRY_COMPARE(partitionNames(v.editor), (std::vector<std::string>{"conv2", "conv3", "conv5"}));
        const double cycle = metric(v.controller, "pipeline_cycle_time_ms");
        v.editor.balance();
        QTRY_COMPARE(metric(v.controller, "partition_gap"), 0.0);
        QVERIFY(metric(v.controller, "pipeline_cycle_time_ms") <= cycle);
        QCOMPARE(v.undo.count(), 2);
    }

    void spaceTimeRecordsAndMeasuresDelay() {
        Views v;
        v.controller.loadScenario(loadScenarioFile(VggF4));
        QTRY_VERIFY(v.controller.scenario() != nullptr);
        for (int i = 0; i < 12; ++i) v.controller.step();
        QTRY_COMPARE(v.controller.cycle(), qint64(12));
        QTRY_COMPARE(v.spaceTime.canvas()->recordedCycles(), std::int64_t(12));
        for (int s = 1; s <= 4; ++s) QCOMPARE(v.spaceTime.canvas()->measuredDelay(s), 2 * 4 - 2 * s + 1);
        v.controller.stepBack();
        QTRY_COMPARE(v.spaceTime.canvas()->recordedCycles(), std::int64_t(11));
        QVERIFY(test::distinctColours(v.movement.grab().toImage()) > 3);  // painted stages and transfers
    }

    void spaceTimeLeavesOtherSchedulesToTheScheduleView() {
        // A 1f1b scenario steps op by op on its own time axis: read as cycles it showed "delay 9 cycles
        // (2P−2S+1 = 5)". The diagram says where that schedule is drawn instead, and claims no delay.
        Views v;
        v.controller.loadScenario(loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/pipeline-schedule-1f1b.json"));
        QTRY_VERIFY(v.controller.scenario() != nullptr);
        for (int i = 0; i < 12; ++i) v.controller.step();
        QTRY_COMPARE(v.controller.cycle(), qint64(12));
        v.spaceTime.selectStage(2);
        v.spaceTime.resize(900, 500);
        (void)v.spaceTime.grab();
        QVERIFY(!v.spaceTime.canvas()->showsCycleTimetable());
        QString drawn;
        for (const DrawnTextItem& item : v.spaceTime.canvas()->drawnText().items()) drawn += item.text + "\n";
        QVERIFY2(drawn.contains("Pipeline schedule") && drawn.contains("1f1b"), qPrintable(drawn));
        QVERIFY2(!drawn.contains("2P−2S+1"), qPrintable(drawn));
    }

    void screenshots() {
        const QByteArray dir = qgetenv("DFL_PIPELINE_SCREENSHOTS");
        if (dir.isEmpty()) QSKIP("set DFL_PIPELINE_SCREENSHOTS=DIR to write the views as PNGs");
        for (const auto& [file, tag] : {std::pair{VggF4, "p4"}, std::pair{VggF8, "p8"}}) {
            Views v;
            v.controller.loadScenario(loadScenarioFile(file));
            QTRY_VERIFY(v.controller.scenario() != nullptr);
            const int cycles = tag == std::string("p4") ? 10 : 20;
            for (int i = 0; i < cycles; ++i) v.controller.step();
            QTRY_COMPARE(v.controller.cycle(), qint64(cycles));
            QTRY_COMPARE(v.spaceTime.canvas()->recordedCycles(), std::int64_t(cycles));
            v.movement.setProgress(0.5);
            v.spaceTime.resize(1400, tag == std::string("p4") ? 440 : 660);
            // The editor mid-drag: conv3 held over stage 2, so the preview bars show.
            QMimeData* mime = LayerStripCanvas::layerMimeData(v.editor.shownLayout()->analysis->partition.firstLayer(2));
            enter(v.editor.strip(), mime, v.editor.strip()->layerCenter(v.editor.shownLayout()->analysis->partition.firstLayer(2)));
            QDragMoveEvent move(v.editor.strip()->layerCenter(v.editor.shownLayout()->analysis->partition.firstLayer(1)),
                                Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(v.editor.strip(), &move);
            const QString base = QString::fromUtf8(dir) + "/pipeline-";
            QVERIFY(v.spaceTime.grab().save(base + "space-time-" + tag + ".png"));
            QVERIFY(v.editor.grab().save(base + "partition-editor-" + tag + ".png"));
            QVERIFY(v.movement.grab().save(base + "data-movement-" + tag + ".png"));
            delete mime;
        }
    }
};

QTEST_MAIN(TestPipelineViews)
#include "test_pipeline_views.moc"
