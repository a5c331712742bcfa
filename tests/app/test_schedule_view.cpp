// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 16's schedule view, offscreen: any schedule of the family drawn cell for cell (as many cells as ops), two
// schedules stacked on one time axis, a hover over a cell says its op, micro-batch, weight version, start and end,
// the interleaved schedule's chunks are told apart, and no text is drawn over text at 1280 x 800 and 1600 x 1000,
// normal and x1.8.

#include "core/pipeline/pipeline_frame.h"
#include "tests/support/lecture_test_support.h"
#include "tests/support/view_test_support.h"
#include "views/drawn_text.h"
#include "views/palette.h"
#include "views/parameter_panel.h"
#include "views/pipeline/schedule_view.h"

#include <QComboBox>
#include <QUndoStack>
#include <QtTest>

using namespace dfl;
using lecture::ViewOnItsController;

namespace {

std::shared_ptr<const PipelineFrame> pipelineFrame(SimulationController& c) {
    return std::dynamic_pointer_cast<const PipelineFrame>(c.frame());
}

}  // namespace

class TestScheduleView : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { setPresentationScale(1.0); }

    // The schedule picker: the parameter panel, generated from the module's ParamSpecs, offers every schedule (and
    // "none" for the comparison) in a combo box.
    void parameterPanelPicksTheSchedule() {
        SimulationController controller;
        QUndoStack undo;
        ParameterPanel panel(&controller, &undo);
        controller.loadScenario(loadScenarioFile(lecture::scenarioPath("pipeline-schedule-1f1b.json").toStdString()));
        QTRY_VERIFY(controller.scenario());
        QTRY_VERIFY(panel.findChildren<QComboBox*>().size() >= 2);
        QStringList pickers;
        for (QComboBox* box : panel.findChildren<QComboBox*>()) {
            QStringList items;
            for (int i = 0; i < box->count(); ++i) items << box->itemText(i);
            pickers << items.join(",") + " = " + box->currentText();
        }
        const QString all = pickers.join("\n");
        QVERIFY2(all.contains("layer-block,gpipe,1f1b,interleaved-1f1b,zb-h1,pipedream,pipedream-2bw = 1f1b"), qPrintable(all));
        QVERIFY2(all.contains("none,") && all.contains(" = gpipe"), qPrintable(all));
    }

    void drawsEveryOpOfBothSchedulesOnOneAxis_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("scale");
        for (QSize size : {QSize(1280, 800), QSize(1600, 1000)})
            for (double scale : {1.0, 1.8})
                QTest::newRow(qPrintable(QString("%1x%2 x%3").arg(size.width()).arg(size.height()).arg(scale))) << size << scale;
    }
    void drawsEveryOpOfBothSchedulesOnOneAxis() {
        QFETCH(QSize, size);
        QFETCH(double, scale);
        setPresentationScale(scale);
        // A dock's share of the window: two thirds of its width, most of its height.
        ViewOnItsController<PipelineScheduleView> v("pipeline-schedule-1f1b.json", QSize(size.width() * 2 / 3, size.height() - 160));
        QVERIFY(v.seekAndWait(5));
        const auto frame = pipelineFrame(v.controller);
        QVERIFY(frame && frame->layout->timeline && frame->layout->compareTimeline);
        ScheduleCanvas* canvas = v.view.canvas();
        QTRY_COMPARE(canvas->timelines().size(), std::size_t(2));
        canvas->repaint();
        const ScheduleTimeline& first = *frame->layout->timeline;
        const ScheduleTimeline& second = *frame->layout->compareTimeline;
        QCOMPARE(first.schedule, std::string("1f1b"));
        QCOMPARE(second.schedule, std::string("gpipe"));
        QCOMPARE(canvas->drawnCells(), int(first.ops.size() + second.ops.size()));
        // One time axis: the first forward of each starts at time 0, at the same x; the second schedule is below.
        const QRectF a = canvas->cellOf(first, 0), b = canvas->cellOf(second, 0);
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        QCOMPARE(first.ops[0].start, second.ops[0].start);
        QCOMPARE(a.left(), b.left());
        QVERIFY(b.top() > a.bottom());
        // The longer makespan spans more of the width, in proportion.
        const auto last = [](const ScheduleTimeline& t) {
            std::size_t i = 0;
            for (std::size_t k = 0; k < t.ops.size(); ++k)
                if (t.ops[k].end > t.ops[i].end) i = k;
            return i;
        };
        const double ratio = (canvas->cellOf(first, last(first)).right() - a.left()) /
                             (canvas->cellOf(second, last(second)).right() - b.left());
        QVERIFY2(std::abs(ratio - first.makespan / second.makespan) < 0.02, qPrintable(QString::number(ratio)));
        // Nothing drawn over anything: cell numbers, stage labels, titles, the figures beside, the axis.
        const QStringList overlaps = overlappingText(canvas->drawnText().items());
        QVERIFY2(overlaps.isEmpty(), qPrintable(overlaps.join("\n")));
        // Every op keeps its micro-batch number (or U), run or not (at x1.8 the dark finished ops lost theirs).
        QStringList unlabelled;
        for (const ScheduleTimeline* t : {&first, &second})
            for (std::size_t i = 0; i < t->ops.size(); ++i) {
                const ScheduledOp& op = t->ops[i];
                if (op.end <= op.start) continue;  // a zero-cost update: a tick, no room for a label
                const QRectF cell = canvas->cellOf(*t, i);
                const QString label = op.op == ScheduleOpKind::Update ? QStringLiteral("U") : QString::number(op.microBatch);
                const auto& items = canvas->drawnText().items();
                if (std::none_of(items.begin(), items.end(), [&](const DrawnTextItem& item) {
                        return item.text == label && cell.contains(item.box.center());
                    }))
                    unlabelled << QString("%1 op %2 (%3, %4 px wide)").arg(QString::fromStdString(t->schedule)).arg(i)
                                      .arg(label).arg(cell.width());
            }
        QVERIFY2(unlabelled.isEmpty(), qPrintable(QString("%1 cells without their number: %2")
                                                      .arg(unlabelled.size()).arg(unlabelled.mid(0, 6).join("; "))));
        // Bubble and peak memory beside the diagram.
        QStringList words;
        for (const DrawnTextItem& item : canvas->drawnText().items()) words << item.text;
        const QString all = words.join("\n");
        QVERIFY2(all.contains("bubble 27.27 %") && all.contains("peak activations 4 · 3 · 2 · 1"), qPrintable(all));
    }

    // A hover over a cell: op, micro-batch, weight version, start and end; the interleaved schedule names the chunk.
    void hoveringACellExplainsTheOp() {
        ViewOnItsController<PipelineScheduleView> v("pipeline-schedule-interleaved-1f1b.json", {1060, 840});
        QVERIFY(v.seekAndWait(3));
        const auto frame = pipelineFrame(v.controller);
        ScheduleCanvas* canvas = v.view.canvas();
        QTRY_VERIFY(!canvas->timelines().empty());
        canvas->repaint();
        const ScheduleTimeline& t = *frame->layout->timeline;
        QVERIFY(t.virtualStages > 1);
        int chunked = 0;
        for (std::size_t i = 0; i < t.ops.size(); ++i) {
            const ScheduledOp& op = t.ops[i];
            const QRectF cell = canvas->cellOf(t, i);
            QVERIFY(!cell.isEmpty());
            const QString tip = canvas->toolTipAt(cell.center());
            QVERIFY2(tip.contains(QString("stage %1").arg(op.stage)) && tip.contains(QString("weight version %1").arg(op.weightVersion)) &&
                         tip.contains("start ") && tip.contains(", end "),
                     qPrintable(tip));
            if (op.op != ScheduleOpKind::Update) QVERIFY2(tip.contains(QString("micro-batch %1,").arg(op.microBatch)), qPrintable(tip));
            if (tip.contains(QString("model chunk %1 of %2").arg(op.chunk + 1).arg(t.virtualStages))) ++chunked;
        }
        QCOMPARE(chunked, int(t.ops.size()));
        QVERIFY(canvas->toolTipAt(QPointF(1, 1)).isEmpty());
        // Chunks read apart: the same op kind is drawn paler on the device's second chunk (every op drawn as run).
        canvas->setNow(-1);
        const QImage image = canvas->grab().toImage();
        auto colourOf = [&](ScheduleOpKind kind, int chunk) {
            for (std::size_t i = 0; i < t.ops.size(); ++i)
                if (t.ops[i].op == kind && t.ops[i].chunk == chunk) {
                    const QRectF c = canvas->cellOf(t, i);
                    return image.pixelColor(QPoint(int(c.left()) + 2, int(c.top()) + 2));
                }
            return QColor();
        };
        const QColor c0 = colourOf(ScheduleOpKind::Forward, 0), c1 = colourOf(ScheduleOpKind::Forward, 1);
        QVERIFY(c0.isValid() && c1.isValid());
        QVERIFY2(c1.lightness() > c0.lightness() + 20, qPrintable(c0.name() + " " + c1.name()));
    }
};

QTEST_MAIN(TestScheduleView)
#include "test_schedule_view.moc"
