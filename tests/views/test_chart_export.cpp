// SPDX-License-Identifier: GPL-3.0-or-later
// Chart exports: every format is written, the PNG shows something, the SVG is XML with an <svg> root, the CSV
// reads back the same numbers; log axes with non-positive values still render.

#include "views/chart_builder.h"
#include "views/chart_export.h"
#include "views/chart_panel.h"
#include "views/drawn_text.h"
#include "views/palette.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QGraphicsRectItem>
#include <QLabel>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

using namespace dfl;

Q_DECLARE_METATYPE(dfl::ChartSpec)

namespace {

ChartSpec lineChart() {
    ChartSpec c;
    c.id = "traffic_vs_batch";
    c.title = "Traffic versus batch size";
    c.xLabel = "Batch size";
    c.yLabel = "Traffic (MB/batch)";
    c.kind = ChartKind::Line;
    c.series = {{"Parameter server", SeriesRole::Update, {1, 2, 4, 8, 16}, {240.5, 240.5, 240.5, 240.5, 240.5}},
                {"Pipeline, 4 stages", SeriesRole::Forward, {1, 2, 4, 8, 16}, {0.1234567890123, 0.25, 0.5, 1, 2}}};
    c.series[1].dashed = true;
    c.markers = {{"break-even", 8, 1, SeriesRole::Selected}};
    c.caption = "Pipelining moves activations, not weights.";
    return c;
}

ChartSpec logBarChart() {
    ChartSpec c;
    c.id = "cost_per_layer";
    c.title = "Cost per layer";
    c.xLabel = "Layer";
    c.yLabel = "Count (log scale)";
    c.kind = ChartKind::Bar;
    c.yLog = true;
    for (int i = 0; i < 20; ++i) c.categories.push_back("layer_block_" + std::to_string(i));
    ChartSeries macs{"MACs", SeriesRole::Forward, {}, {}};
    ChartSeries params{"Parameters, with zeros", SeriesRole::Update, {}, {}};
    for (int i = 0; i < 20; ++i) {
        macs.y.push_back(1e3 * (i + 1) * (i + 1));
        params.y.push_back(i % 3 == 0 ? 0.0 : 10.0 * (i + 1));
    }
    c.series = {macs, params};
    return c;
}

// The network module's "vgg-f: cost per layer": eight short layer names, two series, a log axis.
ChartSpec layerCostChart() {
    ChartSpec c = logBarChart();
    c.title = "vgg-f: cost per layer";
    c.categories = {"conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8"};
    c.series = {{"Forward MACs per sample", SeriesRole::Forward, {}, {1e8, 3e8, 1e8, 1e8, 1e8, 4e7, 2e7, 4e6}},
                {"Parameters", SeriesRole::Update, {}, {2e4, 4e5, 6e5, 6e5, 6e5, 4e7, 2e7, 4e6}}};
    return c;
}

bool notSingleColour(const QImage& image) {
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
    return colours.size() > 5;
}

// Splits one CSV row, honouring double-quoted fields (series names may contain commas).
QStringList csvFields(const QString& line) {
    QStringList fields;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { field += '"'; ++i; }
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') { fields << field; field.clear(); }
        else field += c;
    }
    fields << field;
    return fields;
}

QStringList csvLines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestChartExport : public QObject {
    Q_OBJECT
private slots:
    void allFormatsWritten_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("line") << 0;
        QTest::newRow("log bars with zeros") << 1;
    }
    void allFormatsWritten() {
        QFETCH(int, which);
        const ChartSpec spec = which == 0 ? lineChart() : logBarChart();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString stem = dir.filePath("sub/" + QString::fromStdString(spec.id));
        exportChart(spec, stem, chartExportFormats(), {800, 500});
        for (const QString& f : chartExportFormats()) {
            QVERIFY2(QFileInfo(stem + "." + f).size() > 100, qPrintable(stem + "." + f));
        }
        QImage png(stem + ".png");
        QCOMPARE(png.size(), QSize(800, 500));
        QVERIFY(notSingleColour(png));

        QFile svg(stem + ".svg");
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&svg);
        bool sawSvg = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("svg")) sawSvg = true;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);

        QFile pdf(stem + ".pdf");
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
    }

    void csvRoundTripsLine() {
        const ChartSpec spec = lineChart();
        QTemporaryDir dir;
        exportChart(spec, dir.filePath("c"), {"csv"});
        const QStringList lines = csvLines(dir.filePath("c.csv"));
        QCOMPARE(lines.value(0), QString("series,x,y"));
        QCOMPARE(lines.size(), 1 + 10);
        int row = 1;
        for (const auto& s : spec.series)
            for (size_t i = 0; i < s.x.size(); ++i, ++row) {
                const QStringList f = csvFields(lines[row]);
                QCOMPARE(f.value(0), QString::fromStdString(s.name));
                QCOMPARE(f.value(1).toDouble(), s.x[i]);
                QCOMPARE(f.value(2).toDouble(), s.y[i]);  // exact: written with 17 digits
            }
    }

    void csvRoundTripsBars() {
        const ChartSpec spec = logBarChart();
        const QStringList lines = chartToCsv(spec).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.value(0), QString("Layer,MACs,\"Parameters, with zeros\""));
        QCOMPARE(csvFields(lines.value(0)).value(2), QString("Parameters, with zeros"));
        QCOMPARE(lines.size(), 21);
        for (int i = 0; i < 20; ++i) {
            const QStringList f = csvFields(lines[i + 1]);
            QCOMPARE(f.value(0), QString::fromStdString(spec.categories[size_t(i)]));
            QCOMPARE(f.value(1).toDouble(), spec.series[0].y[size_t(i)]);
            QCOMPARE(f.value(2).toDouble(), spec.series[1].y[size_t(i)]);
        }
    }

    void logAxisSaysWhatItHides() {
        ChartPanel panel(logBarChart());
        QChart* chart = panel.chartView()->chart();
        const auto axes = chart->axes(Qt::Vertical);
        QCOMPARE(axes.size(), 1);
        QVERIFY(qobject_cast<QLogValueAxis*>(axes.front()));
        QVERIFY(static_cast<QLogValueAxis*>(axes.front())->min() > 0);
        // 7 of the 20 parameter values are zero: the legend says so instead of hiding them silently.
        bool noted = false;
        for (auto* m : chart->legend()->markers()) noted |= m->label().contains("7 values");
        QVERIFY(noted);
    }

    // A linear axis in a narrow chart at presentation size (the CGRA's processing time over 32…512 output channels
    // beside the array at 1280×800): Qt elided "100" to "1…"; every tick label now fits between its ticks.
    void valueAxisLabelsFitBetweenTheirTicks() {
        setPresentationScale(1.8);
        ChartSpec spec = lineChart();
        spec.series[0].x = spec.series[1].x = {32, 64, 128, 256, 384, 512};
        spec.series[0].y = {2.2, 4.4, 8.8, 17.6, 26.4, 35.4};
        spec.series[1].y = {1, 2, 3, 4, 5, 6};
        ChartPanel panel(spec);
        QChart* chart = panel.chartView()->chart();
        // Ticks every 100 from 0 to 600, as applyNiceNumbers left the CGRA chart after an in-place update; the
        // panel's first layout places the labels.
        for (QAbstractAxis* axis : chart->axes(Qt::Horizontal))
            if (auto* a = qobject_cast<QValueAxis*>(axis)) {
                a->setRange(0, 600);
                a->setTickCount(7);
            }
        panel.resize(370, 420);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(50);
        int checked = 0;
        for (QAbstractAxis* axis : chart->axes()) {
            auto* a = qobject_cast<QValueAxis*>(axis);
            if (!a || a->orientation() != Qt::Horizontal) continue;
            ++checked;
            const double step = a->tickType() == QValueAxis::TicksDynamic ? a->tickInterval()
                                                                            : (a->max() - a->min()) / (a->tickCount() - 1);
            const double first = a->tickType() == QValueAxis::TicksDynamic ? a->tickAnchor() : a->min();
            const double perTick = chart->plotArea().width() * step / (a->max() - a->min());
            const QFontMetricsF fm(a->labelsFont());
            int labels = 0;
            for (double v = first; v <= a->max() + step * 1e-9; v += step, ++labels) {
                const QString label = QString::asprintf(qPrintable(a->labelFormat()), v);
                QVERIFY2(fm.horizontalAdvance(label) + fm.averageCharWidth() <= perTick,  // a character's gap, as Qt keeps
                         qPrintable(QString("'%1' needs %2 px, ticks are %3 px apart").arg(label).arg(fm.horizontalAdvance(label)).arg(perTick)));
            }
            QVERIFY2(labels >= 2, qPrintable(QString::number(labels)));
        }
        QCOMPARE(checked, 1);
        setPresentationScale(1.0);
    }

    // A log axis in a narrow chart at presentation size (the pipeline's traffic chart beside the animation on a
    // 1280 px screen): every tick label fits between its ticks, none elided to "1e+…" (issue 12).
    void logAxisLabelsFitBetweenTheirTicks() {
        setPresentationScale(1.8);
        ChartSpec spec = lineChart();
        spec.xLog = spec.yLog = true;
        spec.series[0].x = spec.series[1].x = {1, 4, 16, 64, 256};
        spec.series[0].y = {1950, 1950, 1950, 1950, 1950};
        spec.series[1].y = {0.6, 2.3, 9, 36, 145};
        ChartPanel panel(spec);
        panel.resize(430, 420);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(50);
        QChart* chart = panel.chartView()->chart();
        int checked = 0;
        for (QAbstractAxis* axis : chart->axes()) {
            auto* a = qobject_cast<QLogValueAxis*>(axis);
            if (!a) continue;
            ++checked;
            const bool horizontal = a->orientation() == Qt::Horizontal;
            const double length = horizontal ? chart->plotArea().width() : chart->plotArea().height();
            const double perTick = length * std::log(a->base()) / std::log(a->max() / a->min());
            const QFontMetricsF fm(a->labelsFont());
            QStringList labels;
            const double lb = std::log(a->base());  // Qt's ticks: the powers of the base within the range
            for (int n = int(std::ceil(std::log(a->min()) / lb - 1e-9)); n <= int(std::floor(std::log(a->max()) / lb + 1e-9)); ++n)
                labels << QString::asprintf(qPrintable(a->labelFormat()), std::pow(a->base(), n));
            QVERIFY2(labels.size() >= 2, qPrintable(labels.join(", ")));
            for (const QString& label : labels) {
                const double need = horizontal ? fm.horizontalAdvance(label) : fm.height();
                QVERIFY2(need <= perTick, qPrintable(QString("%1 axis: \"%2\" needs %3 px, ticks are %4 px apart (%5)")
                                                         .arg(horizontal ? "x" : "y", label).arg(need).arg(perTick)
                                                         .arg(labels.join(", "))));
            }
        }
        setPresentationScale(1.0);
        QCOMPARE(checked, 2);
    }

    // A bar chart in a narrow dock at presentation size (the network module's chart at 1280 x 800): Qt hides the
    // first and the last category label when its rotated box is wider than its slot, so "conv1" and "fc8" went
    // missing (issue 12). Every label is drawn, none over another; and a wide chart at normal size keeps its font.
    void categoryLabelsAllDrawn_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<QSize>("size");
        QTest::newRow("narrow, presentation") << 1.8 << QSize(400, 600);
        QTest::newRow("wide, normal") << 1.0 << QSize(900, 500);
        // The Charts dock at 1280 x 800 and the network view's own chart in presentation there: rotated labels ran
        // into the axis title and the legend.
        QTest::newRow("charts dock, normal") << 1.0 << QSize(505, 362);
        QTest::newRow("network view, presentation") << 1.8 << QSize(820, 370);
    }
    void categoryLabelsAllDrawn() {
        QFETCH(double, scale);
        QFETCH(QSize, size);
        setPresentationScale(scale);
        const ChartSpec spec = layerCostChart();
        ChartPanel panel(spec);
        panel.resize(size / 2);  // first smaller, as a dock is laid out: the labels shrink, then grow back
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(50);
        panel.resize(size);
        QTest::qWait(50);
        std::vector<DrawnTextItem> labels;
        QStringList drawn;
        for (const DrawnTextItem& item : panel.drawnText().items()) {
            drawn << item.text;
            if (std::find(spec.categories.begin(), spec.categories.end(), item.text.toStdString()) != spec.categories.end())
                labels.push_back(item);
        }
        QChart* chart = panel.chartView()->chart();
        const auto* axis = qobject_cast<QBarCategoryAxis*>(chart->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        const double pointSize = axis->labelsFont().pointSizeF();
        const double normal = scaledFont(11).pointSizeF();  // styleAxis's size at this scale
        const double plotWidth = chart->plotArea().width();
        // No label over another, over the axis title or over the legend; no title or label elided.
        const QStringList overlaps = overlappingText(panel.drawnText().items()) + elidedText(panel.drawnText().items());
        setPresentationScale(1.0);  // rebuilds the chart
        for (const auto& name : {QString("conv1"), QString("fc8")})
            QVERIFY2(drawn.contains(name), qPrintable(QString("\"%1\" not drawn; drawn: %2 (plot %3 px wide)")
                                                          .arg(name, drawn.join(", ")).arg(plotWidth)));
        QCOMPARE(labels.size(), spec.categories.size());
        QVERIFY2(overlaps.isEmpty(), qPrintable(overlaps.join("; ")));
        // Shrunk only as far as needed, never below the readable minimum; untouched where there is room.
        QVERIFY2(pointSize >= smallestAxisLabelPoints(normal) - 0.01, qPrintable(QString::number(pointSize)));
        if (scale == 1.0) QCOMPARE(pointSize, normal);
    }

    // NeuroTrainer's latency chart in the Charts dock at 1280 x 800 showed no label under its fourth bar: flat labels
    // wider than their slot even at the smallest font, and Qt hides one that would overlap its neighbour. Every
    // category is drawn, none over another or elided; where one line does not fit its slot a label wraps ("Prep +"
    // over "pool") rather than turn upright, which made the pipeline's stage names taller than a 1280 x 800 screen
    // at presentation size; with room the labels lie flat on one line at their normal size.
    void flatLabelsWrapWhereTheyDoNotFit_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("wrapped");
        QTest::newRow("charts dock at 1280 x 800") << QSize(325, 345) << true;
        QTest::newRow("wide") << QSize(900, 500) << false;
    }
    void flatLabelsWrapWhereTheyDoNotFit() {
        QFETCH(QSize, size);
        QFETCH(bool, wrapped);
        ChartSpec spec;  // core/neurotrainer/nt_report.cpp's layer_latency on the MNIST CNN
        std::tie(spec.id, spec.title, spec.xLabel, spec.yLabel) =
            std::tuple("layer_latency", "mnist-cnn: latency per layer and phase (per image)", "Layer", "Latency (µs per image)");
        spec.kind = ChartKind::Bar;
        spec.categories = {"conv1", "conv2", "fc3", "Prep + pool"};
        spec.series = {{"FF", SeriesRole::Forward, {}, {0.08, 0.12, 0.05, 0}},
                       {"BP", SeriesRole::Backward, {}, {0.25, 0.42, 0.1, 0}},
                       {"UP", SeriesRole::Update, {}, {0.57, 0.88, 0.09, 0}},
                       {"Prep and pooling", SeriesRole::Idle, {}, {0, 0, 0, 0.58}}};
        ChartPanel panel(spec);
        panel.resize(size * 2);  // first larger: flat labels that turn as the panel narrows
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(100);
        panel.resize(size);
        QTest::qWait(200);  // the labels fitted to the first layout, and laid out again
        QStringList drawn, missing;
        int mostLines = 0;
        for (const DrawnTextItem& item : panel.drawnText().items()) {
            QString text = item.text;
            text.replace(QChar::LineSeparator, '\n');
            if (text.startsWith("Prep")) mostLines = int(text.count('\n')) + 1;
            drawn << text.replace('\n', ' ');
        }
        for (const std::string& c : spec.categories)
            if (!drawn.contains(QString::fromStdString(c))) missing << QString::fromStdString(c);
        const QStringList problems = overlappingText(panel.drawnText().items()) + elidedText(panel.drawnText().items());
        const auto* axis = qobject_cast<QBarCategoryAxis*>(panel.chartView()->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        const QString where = QString("%1 x %2, drawn: %3").arg(panel.width()).arg(panel.height()).arg(drawn.join(" | "));
        QVERIFY2(missing.isEmpty(), qPrintable("not drawn: " + missing.join(", ") + "; " + where));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ") + "; " + where));
        QCOMPARE(axis->labelsAngle(), 0);
        QCOMPARE(mostLines > 1, wrapped);
        if (!wrapped) QCOMPARE(axis->labelsFont().pointSizeF(), scaledFont(11).pointSizeF());
    }

    // Qt Charts gives the axes on one side of the plot at most 40 % of the chart and squeezes them into it. Presenting
    // at 1280 x 800 under a window manager (test_window_manager), the Charts column's charts are 446 px wide: the
    // pipeline's energy axis beside its two-line title read "1500...", "1000...", a scheme's four-line name lay over
    // the axis title "Training scheme", a schedule chart's axis titles read "Makespan of 8 micro-batc..." and "Memory
    // of ...", and the CGRA's log axis "1e+...". Each row failed before the axes were fitted to that room (offscreen
    // at these sizes, a little narrower than under the window manager).
    void axesFitTheRoomQtGivesThem_data() {
        QTest::addColumn<ChartSpec>("spec");
        QTest::addColumn<QSize>("size");
        ChartSpec energy;  // core/pipeline's energy per stage on vgg-f, four stages
        std::tie(energy.id, energy.title, energy.xLabel, energy.yLabel) =
            std::tuple("stage_energy", "vgg-f: energy per stage and mini-batch", "Stage", "Energy (µJ per mini-batch)");
        energy.kind = ChartKind::StackedBar;
        energy.categories = {"S1: conv1–pool1", "S2: conv2–pool2", "S3: conv3–relu3", "S4: conv4–loss"};
        energy.series = {{"Compute", SeriesRole::Forward, {}, {52000, 61000, 48000, 30000}},
                         {"Memory", SeriesRole::Backward, {}, {70000, 80000, 50000, 20000}}};
        QTest::newRow("energy per stage") << energy << QSize(410, 468);
        ChartSpec memory;  // core/pipeline's memory, pipeline against data parallel
        std::tie(memory.id, memory.title, memory.xLabel, memory.yLabel) =
            std::tuple("memory_vs_data_parallel", "vgg-f: memory, pipeline vs data parallel", "Training scheme", "Memory (GB)");
        memory.kind = ChartKind::Bar;
        memory.categories = {"Pipeline, P = 4", "Data parallel, n = 4 + server"};
        memory.series = {{"Memory", SeriesRole::Forward, {}, {1.2, 4.6}}};
        QTest::newRow("memory vs data parallel") << memory << QSize(446, 497);
        ChartSpec schedules;  // core/pipeline's schedules, time against memory
        std::tie(schedules.id, schedules.title, schedules.xLabel, schedules.yLabel) =
            std::tuple("schedules_time_memory", "vgg16: pipeline schedules, time against memory (P = 4, m = 8)",
                       "Memory of all stages (GB)", "Makespan of 8 micro-batches (ms)");
        schedules.kind = ChartKind::Scatter;
        schedules.series = {{"GPipe", SeriesRole::Forward, {38}, {6900}}, {"1F1B", SeriesRole::Backward, {17}, {6900}},
                            {"ZB-H1", SeriesRole::Update, {17}, {3100}}};
        QTest::newRow("schedules: time vs memory") << schedules << QSize(446, 433);  // a chart of 446 x 382
        ChartSpec writes;  // core/cgra's row-buffer writes per layer on AlexNet
        std::tie(writes.id, writes.title, writes.xLabel, writes.yLabel) =
            std::tuple("layer_buffer_writes", "alexnet: row-buffer writes per layer", "Layer", "Row-buffer writes (log scale)");
        writes.kind = ChartKind::Bar;
        writes.yLog = true;
        writes.categories = {"conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8"};
        writes.series = {{"Multi-port", SeriesRole::Forward, {}, {3.1e6, 2.2e6, 1.5e6, 1.5e6, 1e6, 4e4, 2e4, 5e3}},
                         {"Multi-bank", SeriesRole::Backward, {}, {2.9e7, 1.2e7, 8e6, 8e6, 5e6, 3.7e7, 1.6e7, 4e6}}};
        QTest::newRow("row-buffer writes") << writes << QSize(380, 500);
    }
    void axesFitTheRoomQtGivesThem() {
        QFETCH(ChartSpec, spec);
        QFETCH(QSize, size);
        setPresentationScale(1.8);
        const auto restore = qScopeGuard([] { setPresentationScale(1.0); });
        ChartPanel panel(spec);
        panel.resize(size);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(300);  // fitted to the first layouts, and laid out again
        const auto& items = panel.drawnText().items();
        const QStringList problems = elidedText(items) + overlappingText(items) + cutText(items);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ") + QString(" in a chart of %1 x %2")
                                                                          .arg(panel.chartView()->width()).arg(panel.chartView()->height())));
        for (QAbstractAxis* axis : panel.chartView()->chart()->axes())
            QVERIFY(axis->labelsFont().pointSizeF() >= smallestAxisLabelPoints(scaledFont(11).pointSizeF()) - 1e-9);
    }

    // Titles Qt elided in the screenshots at 1280 x 800 (issue 12): the CGRA's "Processing tim…" and the speed-up
    // chart's "Speed-…" beside one-digit tick labels (Qt takes the width of "..." from a vertical title's room), and
    // the speed-up chart's x title "..." in presentation. Every title, axis title and label reads whole.
    void chartTitlesReadWhole_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("which");
        // Sizes at which main's code elided (each row failed there): the speed-up chart at its smallest in
        // presentation ("Speed-...", x title "...") and at the Charts dock's size at 1280 x 800 ("Speed-u..."), and the
        // CGRA chart's long title in presentation ("Processing time over output channels (AndoCGRA Fig...."). Not yet
        // whole, left for later: a chart too short for its fonts (below ~300 px at 1280 x 800, ~420 px in
        // presentation), where Qt elides the tick labels and the axis titles alike; the traffic chart's x title and
        // legend.
        QTest::newRow("speed-up, presentation, smallest") << 1.8 << QSize(1, 1) << QString("speed-up");
        QTest::newRow("speed-up, normal, dock") << 1.0 << QSize(380, 300) << QString("speed-up");
        QTest::newRow("processing time, presentation, dock") << 1.8 << QSize(390, 420) << QString("processing time");
    }
    void chartTitlesReadWhole() {
        QFETCH(double, scale);
        QFETCH(QSize, size);
        QFETCH(QString, which);
        ChartSpec spec;
        if (which == "speed-up") {  // core/convergence/convergence_report.cpp's speedup_vs_stages
            std::tie(spec.id, spec.title, spec.xLabel, spec.yLabel) =
                std::tuple("speedup_vs_stages", "Speed-up to the target error against naive SGD", "Pipeline stages", "Speed-up (×)");
            spec.kind = ChartKind::Bar;
            spec.categories = {"P = 2", "P = 4", "P = 8"};
            spec.series = {{"Measured: time to target", SeriesRole::Update, {}, {1.8, 3.3, 4.2}},
                           {"Throughput only (no staleness)", SeriesRole::Idle, {}, {1.9, 3.4, 5.0}},
                           {"Published (VGG-F, ImageNet)", SeriesRole::Reference, {}, {2.0, 3.5, 5.1}}};
        } else {  // the CGRA's Figure 15
            std::tie(spec.id, spec.title, spec.xLabel, spec.yLabel) =
                std::tuple("time_vs_co", "Processing time over output channels (AndoCGRA Fig. 15)", "Output channels Co", "Processing time (ms)");
            spec.series = {{"Processing time", SeriesRole::Forward, {32, 128, 256, 512}, {0.023, 0.09, 0.18, 0.369}}};
        }
        setPresentationScale(scale);
        ChartPanel panel(spec);
        panel.resize(size);  // a panel is never smaller than its minimum size
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(200);  // the titles and axes fitted to the first layout, and laid out again
        QStringList drawn;
        for (const DrawnTextItem& item : panel.drawnText().items()) drawn << item.text;
        const QStringList problems = elidedText(panel.drawnText().items()) + overlappingText(panel.drawnText().items());
        const QSize shown = panel.size();
        setPresentationScale(1.0);
        QVERIFY2(problems.isEmpty(), qPrintable(QString("%1 x %2: %3 (drawn: %4)").arg(shown.width()).arg(shown.height())
                                                    .arg(problems.join("; "), drawn.join(" | "))));
    }

    // Marker labels in white boxes covered much of a small plot at presentation size (the pipeline's traffic chart,
    // the MNIST schedule's, the CGRA's "this layer"): the boxes cover little of the plot, or the labels are legend
    // entries; either way every label is drawn.
    void markerLabelsLeaveThePlotVisible_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<QSize>("size");
        QTest::newRow("charts dock, presentation") << 1.8 << QSize(400, 420);
        QTest::newRow("wide, normal") << 1.0 << QSize(900, 600);
    }
    void markerLabelsLeaveThePlotVisible() {
        QFETCH(double, scale);
        QFETCH(QSize, size);
        setPresentationScale(scale);
        ChartSpec spec = lineChart();
        spec.yLog = spec.xLog = true;
        spec.markers = {{"36.3 MB", 8, 36.3, SeriesRole::Forward}, {"17 MB", 8, 17, SeriesRole::Backward}};
        ChartPanel panel(spec);
        panel.resize(size);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(50);
        QChart* chart = panel.chartView()->chart();
        double covered = 0;
        for (QGraphicsItem* item : chart->scene()->items())
            if (auto* box = dynamic_cast<QGraphicsRectItem*>(item); box && box->zValue() == 100 && box->isVisible())
                covered += box->rect().width() * box->rect().height();
        const QRectF plot = chart->plotArea();
        const double share = covered / (plot.width() * plot.height());
        QStringList drawn;
        for (const DrawnTextItem& item : panel.drawnText().items()) drawn << item.text;
        const QString legend = panel.legendLabel()->isVisible() ? panel.legendLabel()->text() : QString();
        setPresentationScale(1.0);
        QVERIFY2(share <= kMostMarkerLabelShare, qPrintable(QString("marker labels cover %1 % of a %2 x %3 plot")
                                                                .arg(100 * share).arg(plot.width()).arg(plot.height())));
        for (const QString& label : {QString("36.3 MB"), QString("17 MB")})
            QVERIFY2(drawn.contains(label) || legend.contains(label), qPrintable(label + " not drawn: " + drawn.join(", ")));
        if (scale == 1.0) QVERIFY(share > 0);  // room enough: the labels stay beside their markers
    }

    // The convergence charts at cycle 10 hold only each run's point at time 0: the x axis read −1 … 1 ms.
    void aLoneZeroGetsAnAxisFromZero() {
        ChartSpec spec = lineChart();
        spec.markers.clear();
        for (auto& series : spec.series) series.x = {0}, series.y = {90};
        ChartPanel panel(spec);
        const auto* x = qobject_cast<QValueAxis*>(panel.chartView()->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(x);
        QCOMPARE(x->min(), 0.0);
        QVERIFY(x->max() > 0);
    }

    void setSpecUpdatesInPlace() {
        ChartPanel panel(lineChart());
        QChart* before = panel.chartView()->chart();
        ChartSpec next = lineChart();
        next.series[1].y[0] = 0.3;
        panel.setSpec(next);
        QCOMPARE(panel.chartView()->chart(), before);  // same structure: no rebuild
        next.series.pop_back();
        panel.setSpec(next);
        QVERIFY(panel.chartView()->chart() != before);
    }

    // For people: DFL_CHART_SAMPLES=DIR writes the sample charts there to look at (labels, fonts, clipping).
    void samplesForReview() {
        const QString dir = qEnvironmentVariable("DFL_CHART_SAMPLES");
        if (dir.isEmpty()) QSKIP("set DFL_CHART_SAMPLES=DIR to write sample charts");
        ChartSpec scatter = lineChart();
        scatter.id = "scatter";
        scatter.kind = ChartKind::Scatter;
        scatter.xLog = scatter.yLog = true;
        ChartSpec stacked = logBarChart();
        stacked.id = "stacked";
        stacked.kind = ChartKind::StackedBar;
        stacked.yLog = false;
        stacked.categories.resize(6);
        for (auto& series : stacked.series) series.y.resize(6);
        for (const ChartSpec& c : {lineChart(), logBarChart(), scatter, stacked})
            exportChart(c, dir + "/" + QString::fromStdString(c.id), {"png", "svg"});
    }

    void unknownFormatIsAnError() {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(std::exception, exportChart(lineChart(), dir.filePath("x"), {"gif"}));
    }
};

QTEST_MAIN(TestChartExport)
#include "test_chart_export.moc"
