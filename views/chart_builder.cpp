// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/chart_builder.h"

#include "views/palette.h"
#include "views/table_model.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QDateTime>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QTextDocument>
#include <QTransform>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dfl {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (!std::isfinite(v)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool empty() const { return !(lo <= hi); }
};

bool drawable(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

QString withNote(const std::string& name, int hidden) {
    if (hidden == 0) return q(name);
    return hidden == 1 ? QObject::tr("%1 (1 value ≤ 0 not shown on the log axis)").arg(q(name))
                       : QObject::tr("%1 (%2 values ≤ 0 not shown on the log axis)").arg(q(name)).arg(hidden);
}

bool isBar(ChartKind k) { return k == ChartKind::Bar || k == ChartKind::StackedBar; }

// ---- axes -------------------------------------------------------------------------------------------------

QAbstractAxis* makeValueAxis(bool log, const std::string& title) {
    QAbstractAxis* axis;
    if (log) {
        auto* a = new QLogValueAxis;
        a->setBase(10);
        a->setLabelFormat("%.0e");  // the ticks are powers of ten; fitLogAxes picks the form and spacing
        a->setMinorTickCount(-1);  // Qt picks the 2..9 minor ticks of each decade
        axis = a;
    } else {
        auto* a = new QValueAxis;
        a->setLabelFormat("%g");
        axis = a;
    }
    axis->setTitleText(q(title));
    return axis;
}

constexpr double kAxisLabelPoints = 11;  // tick and category labels, at presentation scale 1

void styleAxis(QAbstractAxis* axis) {
    axis->setLabelsFont(scaledFont(kAxisLabelPoints));
    axis->setTitleFont(scaledFont(12, true));
    axis->setLabelsColor(Qt::black);
    axis->setTitleBrush(Qt::black);
    QPen grid(QColor(0xDD, 0xDD, 0xDD));
    grid.setWidthF(scaledPen(1));
    axis->setGridLinePen(grid);
    QPen line(QColor(0x55, 0x55, 0x55));
    line.setWidthF(scaledPen(1.2));
    axis->setLinePen(line);
    axis->setMinorGridLineVisible(false);
}

// The label a log axis with `format` draws at the tick 10^k.
QString logTickLabel(const QString& format, int k) { return QString::asprintf(qPrintable(format), std::pow(10.0, k)); }

// ---- text on lines -----------------------------------------------------------------------------------------

double textWidth(const QString& line, const QFontMetricsF& fm) {
    return fm.horizontalAdvance(line) + 8;  // the margins of the text item Qt draws a title or a label in
}

// Words filled into lines no wider than `room`; a word wider than the room gets a line of its own. A line may also
// break after a dash inside a word: "S1: conv1–" over "pool1 (×4)".
QStringList wrapWords(const QString& text, const QFont& font, double room) {
    const QFontMetricsF fm(font);
    QStringList lines;
    const auto place = [&](const QString& piece, const QString& joint) {
        if (!lines.isEmpty() && textWidth(lines.back() + joint + piece, fm) <= room) lines.back() += joint + piece;
        else lines << piece;
    };
    // "P = 4" stays on one line: a line never starts or ends at an equals sign.
    QStringList words;
    for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) {
        if (!words.isEmpty() && (word == QLatin1String("=") || words.back().endsWith(QLatin1String(" =")))) words.back() += ' ' + word;
        else words << word;
    }
    for (const QString& word : words) {
        qsizetype start = 0;
        for (qsizetype dash = word.indexOf(QChar(0x2013)); dash >= 0 && dash + 1 < word.size();
             dash = word.indexOf(QChar(0x2013), start)) {
            place(word.mid(start, dash + 1 - start), start == 0 ? " " : "");
            start = dash + 1;
        }
        place(word.mid(start), start == 0 ? " " : "");
    }
    return lines;
}

// Qt draws axis labels and titles as rich text: lines joined by <br>.
QString htmlLines(const QStringList& lines) {
    QStringList escaped;
    for (const QString& line : lines) escaped << line.toHtmlEscaped();
    return escaped.join("<br>");
}

// ---- layouts after a fit -----------------------------------------------------------------------------------
// The fits below run while Qt lays the chart out (plotAreaChanged), and what they change there (an axis title's
// lines, a tick step, the category labels' font, a legend entry) only counts in a later layout, which nothing asks
// for while the chart keeps its size: under a window manager the axis kept the width of a one-line title beside a
// two-line one (tick labels "1500..."), and the legend the room of two entries with one shown ("Processing t...").
// So a fit that changed something asks for one more layout, at the same size, once this one is done. Loops are
// bounded: a chart takes at most kMostRelayoutsPerSecond of them a second.
constexpr int kMostRelayoutsPerSecond = 8;

// Whether `object` may do the thing counted under `counter` once more this second: at most `most` times a second.
// Counts in the object's dynamic properties `counter` and `counter`Start.
bool onceMoreThisSecond(QObject* object, const QByteArray& counter, int most) {
    const QByteArray start = counter + "Start";
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - object->property(start.constData()).toLongLong() > 1000) {
        object->setProperty(start.constData(), now);
        object->setProperty(counter.constData(), 0);
    }
    const int count = object->property(counter.constData()).toInt() + 1;
    if (count > most) return false;
    object->setProperty(counter.constData(), count);
    return true;
}

void relayoutAfterThisLayout(QChart* chart) {
    const char* queued = "dflRelayoutQueued";
    if (chart->property(queued).toBool() || !onceMoreThisSecond(chart, "dflRelayouts", kMostRelayoutsPerSecond)) return;
    chart->setProperty(queued, true);
    // Outside the layout, invalidating it posts a layout request that lays the chart out again at its size. The
    // legend has a layout of its own, which runs only when the legend's size changes: it kept the entries it had
    // truncated to share the width with an entry since hidden.
    QMetaObject::invokeMethod(chart, [chart, queued] {
        chart->setProperty(queued, false);
        if (QGraphicsLayout* legend = chart->legend()->layout()) legend->invalidate();
        chart->layout()->invalidate();
    }, Qt::QueuedConnection);
}

// ---- the room Qt gives an axis ------------------------------------------------------------------------------
// Qt Charts' cartesian layout gives the axes on one side of the plot at most kMostAxisShare of the chart's content
// (inside its margins, below its title, above its legend) and squeezes them into it: the y axis' tick labels beside a
// two-line title in a 446 px presentation chart were elided to "1500...", and a bar chart's four-line category label
// ran into the axis title below it. The fits below keep each axis inside that share: its labels shrink first.
constexpr double kMostAxisShare = 0.4;      // Qt Charts' maxAxisPortion (cartesianchartlayout.cpp)
constexpr double kAxisLabelPadding = 4;     // ChartAxisElement::labelPadding
constexpr double kAxisTitlePadding = 2;     // ChartAxisElement::titlePadding
constexpr double kChartTextMargin = 0.5;    // ChartPresenter::textMargin
constexpr double kAxisTolerance = 2;        // the pixels Qt adds to an axis' size hint

// The box Qt measures a label or a title in (ChartPresenter::textBoundingRect: rich text in a document with a margin
// of half a pixel), turned by `angle`.
QSizeF chartTextSize(const QFont& font, const QString& html, qreal angle = 0) {
    QTextDocument document;
    document.setDocumentMargin(kChartTextMargin);
    document.setDefaultFont(font);
    document.setHtml(html);
    QTransform turn;
    turn.rotate(angle);
    return turn.mapRect(QRectF(QPointF(0, 0), document.size())).size();
}

// The chart's content, where Qt lays out the plot and its axes: inside the layout's and the chart's margins, from the
// plot's top (no axis is above a plot here) to the legend's top or the bottom margin.
QRectF chartContent(const QChart* chart) {
    qreal left = 0, top = 0, right = 0, bottom = 0;
    chart->layout()->getContentsMargins(&left, &top, &right, &bottom);
    const QMarginsF margins = chart->margins();
    QRectF content = QRectF(QPointF(0, 0), chart->size()).adjusted(left + margins.left(), top + margins.top(),
                                                                    -right - margins.right(), -bottom - margins.bottom());
    content.setTop(std::max(content.top(), chart->plotArea().top()));
    QLegend* legend = chart->legend();  // (isAttachedToChart is not const)
    if (legend->isVisible() && legend->isAttachedToChart() && legend->alignment() == Qt::AlignBottom)
        content.setBottom(std::min(content.bottom(), legend->geometry().top()));
    return content;
}

// Plain numbers on a log axis where they are no longer than the exponent form (0.001 ... 10000): 1, 10, 100 read at
// once; else 1e+05.
int firstDecade(const QLogValueAxis* a) { return int(std::floor(std::log10(a->min()) + 1e-9)); }
int lastDecade(const QLogValueAxis* a) { return int(std::ceil(std::log10(a->max()) - 1e-9)); }
QString logLabelFormat(const QLogValueAxis* a) {
    return firstDecade(a) >= -3 && lastDecade(a) <= 4 ? QStringLiteral("%g") : QStringLiteral("%.0e");
}

// The tick labels an axis can show: a linear axis' at applyNiceNumbers' step, a log axis' at every decade, a category
// axis' as they are set.
QStringList tickLabels(QAbstractAxis* axis) {
    QStringList labels;
    if (const auto* a = qobject_cast<const QValueAxis*>(axis); a && a->max() > a->min()) {
        const double step = (a->max() - a->min()) / std::max(1, a->tickCount() - 1);
        for (double v = a->min(); v <= a->max() + step * 1e-9; v += step)
            labels << QString::asprintf("%g", std::abs(v) < step * 1e-9 ? 0.0 : v);
    } else if (const auto* l = qobject_cast<const QLogValueAxis*>(axis); l && l->min() > 0 && l->max() > l->min()) {
        for (int k = firstDecade(l); k <= lastDecade(l); ++k) labels << logTickLabel(logLabelFormat(l), k);
    } else if (auto* c = qobject_cast<QBarCategoryAxis*>(axis)) {
        labels = c->categories();
    }
    return labels;
}

// How far the widest of an axis' tick labels reaches across it (a width beside a vertical axis, a height under a
// horizontal one) in `font`, as Qt measures it.
double labelsExtentAcross(QAbstractAxis* axis, const QFont& font) {
    double extent = 0;
    for (const QString& label : tickLabels(axis)) {
        const QSizeF box = chartTextSize(font, label, axis->labelsAngle());
        extent = std::max(extent, axis->orientation() == Qt::Horizontal ? box.height() : box.width());
    }
    return extent;
}

// The axis' share of the chart's content less Qt's padding: its labels, its title and the padding between them.
double axisRoomAcross(const QChart* chart, const QAbstractAxis* axis) {
    const QRectF content = chartContent(chart);
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    return std::floor(kMostAxisShare * (horizontal ? content.height() : content.width())) - kAxisLabelPadding - kAxisTolerance;
}

// The room across `axis` for its tick labels' boxes: its share less its title.
double labelRoomAcross(const QChart* chart, const QAbstractAxis* axis) {
    const double title = axis->titleText().isEmpty() || !axis->isTitleVisible()
                             ? 0
                             : chartTextSize(axis->titleFont(), axis->titleText()).height() + 2 * kAxisTitlePadding;
    return axisRoomAcross(chart, axis) - title;
}

QFont smallestLabelsFont() {
    QFont font = scaledFont(kAxisLabelPoints);
    font.setPointSizeF(smallestAxisLabelPoints(font.pointSizeF()));
    return font;
}

// The room across `axis` for its title: its share less its labels at the smallest size they may take (the labels
// then grow into what the title leaves them, fittedLabelsFont).
double titleRoomAcross(const QChart* chart, QAbstractAxis* axis) {
    return axisRoomAcross(chart, axis) - labelsExtentAcross(axis, smallestLabelsFont()) - 2 * kAxisTitlePadding;
}

// A linear or log axis' labels at the largest size, down to smallestAxisLabelPoints, at which the widest of them fits
// the room Qt gives the axis beside its title.
void fitLabelsFont(QChart* chart, QAbstractAxis* axis) {
    const QFont normal = scaledFont(kAxisLabelPoints);
    const double smallest = smallestLabelsFont().pointSizeF();
    const double room = labelRoomAcross(chart, axis);
    QFont font = normal;
    for (double points = normal.pointSizeF(); labelsExtentAcross(axis, font) > room && points > smallest;) {
        points = std::max(points - 0.05 * normal.pointSizeF(), smallest);
        font.setPointSizeF(points);
    }
    if (axis->labelsFont() != font) axis->setLabelsFont(font), relayoutAfterThisLayout(chart);
}

}  // namespace

void fitLogAxes(QChart* chart) {
    const QRectF plot = chart->plotArea();
    for (QAbstractAxis* axis : chart->axes()) {
        auto* a = qobject_cast<QLogValueAxis*>(axis);
        if (!a || !(a->min() > 0) || !(a->max() > a->min())) continue;
        const int first = firstDecade(a), last = lastDecade(a);
        const QString format = logLabelFormat(a);
        fitLabelsFont(chart, a);
        const bool horizontal = a->orientation() == Qt::Horizontal;
        const QFontMetricsF fm(a->labelsFont());
        double extent = 0;  // what one label needs along the axis, with a gap
        for (int k = first; k <= last; ++k)
            extent = std::max(extent, horizontal ? fm.horizontalAdvance(logTickLabel(format, k)) + fm.averageCharWidth()
                                                 : fm.height() * 1.1);
        const double length = horizontal ? plot.width() : plot.height();
        const int decades = std::max(1, last - first);
        int step = 1;  // decades between ticks
        while (step < decades && length > 0 && length * step / decades < extent) ++step;
        if (a->labelFormat() != format) a->setLabelFormat(format), relayoutAfterThisLayout(chart);
        const double base = std::pow(10.0, step);
        if (a->base() != base) {
            a->setBase(base);
            a->setMinorTickCount(step == 1 ? -1 : 0);  // 2..9 of a decade; none between wider ticks
            relayoutAfterThisLayout(chart);
        }
    }
}

void fitValueAxes(QChart* chart) {
    const QRectF plot = chart->plotArea();
    for (QAbstractAxis* axis : chart->axes()) {
        auto* a = qobject_cast<QValueAxis*>(axis);
        if (!a || !(a->max() > a->min())) continue;
        const bool horizontal = a->orientation() == Qt::Horizontal;
        const double length = horizontal ? plot.width() : plot.height();
        if (length <= 0) continue;
        fitLabelsFont(chart, a);
        const QFontMetricsF fm(a->labelsFont());
        // Qt gives a vertical axis' title the axis' width less "..." in the labels' font: beside labels narrower than
        // that ("0", "5") a title that fits its height was elided all the same ("Speed-…"). Such labels get two
        // non-breaking spaces before them (labels are rich text, where plain spaces collapse), which Qt measures and
        // nobody sees.
        if (!horizontal) {
            double widest = 0;
            for (double v : {a->min(), a->max()})
                widest = std::max(widest, fm.horizontalAdvance(QString::asprintf("%g", v)));
            const QString format = widest < fm.horizontalAdvance(QStringLiteral("...")) + 2 ? QStringLiteral("&nbsp;&nbsp;%g")
                                                                                           : QStringLiteral("%g");
            if (a->labelFormat() != format) a->setLabelFormat(format), relayoutAfterThisLayout(chart);
        }
        auto extentOf = [&](double step) {  // what the widest label between min and max needs, with a gap
            double widest = 0;
            for (double v = std::ceil(a->min() / step - 1e-9) * step; v <= a->max() + step * 1e-9; v += step)
                widest = std::max(widest, horizontal ? fm.horizontalAdvance(QString::asprintf(qPrintable(a->labelFormat()), v)) +
                                                           fm.averageCharWidth()
                                                     : fm.height() * 1.1);
            return widest;
        };
        // The fixed ticks applyNiceNumbers chose, while their labels fit; otherwise the smallest 1-2-5 step whose
        // labels do (Qt would elide "100" to "1…").
        const double fixedStep = (a->max() - a->min()) / std::max(1, a->tickCount() - 1);
        if (a->tickType() == QValueAxis::TicksFixed && length * fixedStep / (a->max() - a->min()) >= extentOf(fixedStep))
            continue;
        double step = fixedStep;
        for (int guard = 0; guard < 30 && length * step / (a->max() - a->min()) < extentOf(step); ++guard) {
            const double decade = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
            const double mantissa = step / decade;
            step = (mantissa < 1.5 ? 2 : mantissa < 3.5 ? 5 : 10) * decade;
        }
        const double anchor = std::ceil(a->min() / step - 1e-9) * step;
        if (a->tickType() == QValueAxis::TicksDynamic && a->tickAnchor() == anchor && a->tickInterval() == step) continue;
        a->setTickType(QValueAxis::TicksDynamic);
        a->setTickAnchor(anchor);
        a->setTickInterval(step);
        relayoutAfterThisLayout(chart);
    }
}

namespace {

// A category axis shows its labels wrapped onto lines (fitCategoryAxes); the property keeps them as the spec has them.
constexpr char kCategoryLabels[] = "dflCategoryLabels";
// Fits at one chart width before fitCategoryAxes lets the labels change in one direction only, and label changes a
// second before it leaves them as they are.
constexpr int kFreeCategoryFits = 4;
constexpr int kMostCategoryFitsPerSecond = 8;

// The names of labels that all have one before a colon, with a closing note in parentheses ("S1 (×4)" of
// "S1: conv1–pool1 (×4)", whose caption speaks of the ×n); none otherwise.
QStringList categoryNames(const QStringList& labels) {
    QStringList names;
    for (const QString& label : labels) {
        const qsizetype colon = label.indexOf(QLatin1String(": "));
        if (colon <= 0) return {};
        const qsizetype note = label.lastIndexOf(QLatin1String(" ("));
        names << label.left(colon) + (note > colon && label.endsWith(')') ? label.mid(note) : QString());
    }
    return names;
}

QStringList categoryLabels(QBarCategoryAxis* axis) {
    const QStringList labels = axis->property(kCategoryLabels).toStringList();
    return labels.isEmpty() ? axis->categories() : labels;
}

}  // namespace

void fitCategoryAxes(QChart* chart) {
    const QRectF plot = chart->plotArea();
    for (QAbstractAxis* axis : chart->axes(Qt::Horizontal)) {
        auto* a = qobject_cast<QBarCategoryAxis*>(axis);
        // Not again while this call sets the labels: Qt lays the chart out inside setCategories, and each layout
        // called this again (a stack overflow). The resize queued below fits them to that layout.
        const char* settingLabels = "dflSettingLabels";
        if (!a || a->count() == 0 || plot.width() <= 0 || a->property(settingLabels).toBool()) continue;
        // The label size sets the plot's height, which sets the y title's lines and the chart's height in its
        // panel, which set the plot's width and so the room of a label, and at some sizes that went round between
        // fonts for ever (the app stopped answering). After a few fits at one chart width the labels only get
        // smaller, take more lines or turn upright, never back; they grow back, or lie flat again, when the chart's
        // width changes. Not from the first fit: the first layouts at a new size (before the titles are fitted)
        // have a plot narrower than the last, and labels that turned there stayed upright.
        const char* fittedAtWidth = "dflFittedAtWidth";
        const char* fitsAtWidth = "dflFitsAtWidth";
        const char* fittedSlot = "dflFittedSlot";
        const int fits = a->property(fittedAtWidth).toDouble() == chart->size().width() ? a->property(fitsAtWidth).toInt() + 1 : 1;
        a->setProperty(fitsAtWidth, fits);
        const bool settling = fits > kFreeCategoryFits;
        double slot = plot.width() / a->count();
        if (settling) slot = std::min(slot, a->property(fittedSlot).toDouble());
        a->setProperty(fittedSlot, slot);
        QStringList labels = categoryLabels(a);
        // Flat labels wrap onto lines no wider than their slot (wrapWords adds a text item's margins, 8 px; Qt's
        // label boxes take about 3 and one more for rounding); upright ones stay on one line.
        const auto linesOf = [&](const QString& label, const QFont& font, qreal angle) {
            return angle == 0 ? wrapWords(label, font, slot + 5) : QStringList{label};
        };
        // Whether every label's box along the axis, as Qt measures it (the text lines, turned), fits its slot, and
        // across the axis the room Qt gives it above its title.
        const double roomAcross = labelRoomAcross(chart, a);
        const auto fitsSlot = [&](const QFont& font, qreal angle) {
            QTransform turn;
            turn.rotate(angle);
            const QFontMetricsF fm(font);
            for (const QString& label : labels) {
                const QStringList lines = linesOf(label, font, angle);
                if (lines.size() > kMostCategoryLabelLines) return false;
                for (const QString& line : lines)
                    if (turn.mapRect(QRectF(0, 0, fm.horizontalAdvance(line), fm.height())).width() + 4 > slot) return false;
                if (chartTextSize(font, htmlLines(lines), angle).height() > roomAcross) return false;
            }
            return true;
        };
        // The normal size where it fits, else the largest fraction of it down to smallestAxisLabelPoints (below
        // that a projector's audience cannot read it; Qt then hides the end labels as before).
        const QFont normal = scaledFont(kAxisLabelPoints);
        const double smallest = smallestAxisLabelPoints(normal.pointSizeF());
        const auto fitted = [&](qreal angle) {
            QFont font = normal;
            for (double points = normal.pointSizeF(); !fitsSlot(font, angle) && points > smallest;) {
                points = std::max(points - 0.05 * normal.pointSizeF(), smallest);
                font.setPointSizeF(points);
            }
            return font;
        };
        // Flat labels that do not fit their slot on kMostCategoryLabelLines lines even at the smallest size turn
        // upright: Qt hides a label that would overlap its neighbour (no "Prep + pool" under NeuroTrainer's latency
        // chart in the Charts dock at 1280 x 800). Upright labels are one text line wide, and as long as their
        // text: "S2: conv2–pool2 (×3)" upright at presentation size made the pipeline's charts column taller than
        // a 1280 x 800 screen, where lines flat fit. They lie flat again once they fit flat. The property tells a
        // turn made here from styleCategoryAxis's (many categories stand upright whatever their room).
        const char* turnedToFit = "dflTurnedToFit";
        qreal angle = a->labelsAngle();
        const bool mayTurn = angle == 0 || a->property(turnedToFit).toBool();
        QFont font = fitted(0);
        if (mayTurn) angle = fitsSlot(font, 0) ? 0 : -90;
        if (angle != 0) font = fitted(angle);
        // Labels that fit neither flat nor upright at the smallest size keep their names where they have one: a
        // four-stage VGG16 pipeline's "S1: conv1_1–relu2_1 (×8)" is "S1" beside a 1280 x 800 screen's presented
        // animation, where upright it made the charts column 900 px tall (the stage table says what each holds).
        const char* showingNames = "dflShowingNames";
        bool names = false;
        if (const QStringList shortNames = categoryNames(labels); !fitsSlot(font, angle) && !shortNames.isEmpty()) {
            labels = shortNames;
            names = true;
            font = fitted(0);
            if (mayTurn) angle = fitsSlot(font, 0) ? 0 : -90;
            if (angle != 0) font = fitted(angle);
        }
        if (settling) {
            // (Names that replace labels too long for the room lie flat where they fit: other labels.)
            if (angle == 0 && a->labelsAngle() != 0 && names == a->property(showingNames).toBool()) angle = a->labelsAngle();
            if (angle == a->labelsAngle() && font.pointSizeF() > a->labelsFont().pointSizeF()) font = a->labelsFont();
        }
        a->setProperty(fittedAtWidth, chart->size().width());
        a->setProperty(showingNames, names);
        QStringList shown;
        for (const QString& label : labels) shown << htmlLines(linesOf(label, font, angle));
        const bool turned = angle != a->labelsAngle();
        if (!turned && a->labelsFont() == font && a->categories() == shown) continue;
        // The last guard against a loop: a label change can change the chart's size in its panel and dock, and the
        // CGRA's energy chart at presentation size went back and forth between two widths (396 and 446 px), so
        // between two fonts, for ever. A few changes a second; after that the labels stay as they are until the
        // chart's size settles and the next second begins.
        if (!onceMoreThisSecond(a, "dflFitChanges", kMostCategoryFitsPerSecond)) continue;
        a->setProperty(settingLabels, true);
        if (turned) {
            a->setProperty(turnedToFit, angle != 0);
            a->setLabelsAngle(angle);
        }
        a->setLabelsFont(font);
        if (a->categories() != shown) a->setCategories(shown);
        a->setProperty(settingLabels, false);
        relayoutAfterThisLayout(chart);
    }
}

double chartHeightFor(const QChart* chart, double plotHeight) {
    // The horizontal axes with their labels at the smallest size the fits may give them (they grow into any more
    // room the chart gets), Qt's padding and their titles.
    double axes = 0;
    for (QAbstractAxis* axis : chart->axes(Qt::Horizontal)) {
        const double title = axis->titleText().isEmpty() ? 0 : chartTextSize(axis->titleFont(), axis->titleText()).height() + 2 * kAxisTitlePadding;
        axes += labelsExtentAcross(axis, smallestLabelsFont()) + kAxisLabelPadding + kAxisTolerance + title;
    }
    // A plot as tall as the longest word of a vertical axis' title at the smallest size fitTitles gives it
    // ("micro-batches": a shorter plot elided the title), and (Qt gives the axes at most kMostAxisShare of the
    // content) at least as tall as the rest of it.
    for (QAbstractAxis* axis : chart->axes(Qt::Vertical)) {
        QFont smallest = scaledFont(12, true);
        smallest.setPointSizeF(smallest.pointSizeF() * kSmallestTitleShare);
        const QFontMetricsF fm(smallest);
        QString text = axis->titleText();
        text.replace(QLatin1String("<br>"), QLatin1String(" "));
        for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) plotHeight = std::max(plotHeight, textWidth(word, fm));
    }
    double need = std::max(plotHeight + axes, axes / kMostAxisShare);
    need += chartTextSize(chart->titleFont(), chart->title()).height() + QFontMetricsF(chart->titleFont()).height() * 0.5;  // and its gap
    if (chart->legend()->isVisible()) need += QFontMetricsF(chart->legend()->font()).height() * 2;
    const QMarginsF margins = chart->margins();
    return need + margins.top() + margins.bottom() + scaledPen(12);  // the layout's own margins
}

namespace {

void setRange(QAbstractAxis* axis, Range r, bool log, bool includeZero) {
    if (log) {
        if (r.empty()) r = {1, 10};
        double lo = std::pow(10.0, std::floor(std::log10(r.lo)));
        double hi = std::pow(10.0, std::ceil(std::log10(r.hi)));
        if (hi <= lo) hi = lo * 10;
        static_cast<QLogValueAxis*>(axis)->setRange(lo, hi);
        return;
    }
    if (r.empty()) r = {0, 1};
    if (includeZero) r.add(0);
    if (r.hi == r.lo && r.lo == 0) {
        r.hi = 1;  // a lone 0 (the first point of a training run): 0 to 1, not −1 to 1 (no negative training time)
    } else if (r.hi == r.lo) {
        const double pad = std::abs(r.lo) * 0.1;
        r.lo -= pad;
        r.hi += pad;
        if (includeZero && r.lo < 0 && r.hi - pad >= 0) r.lo = 0;
    }
    auto* a = static_cast<QValueAxis*>(axis);
    a->setTickType(QValueAxis::TicksFixed);  // fitValueAxes widens the step again if the new labels need it
    a->setRange(r.lo, r.hi);
    a->applyNiceNumbers();
}

// Many category labels (a network's layers) stand upright so they never overlap; a few lie flat, and
// fitCategoryAxes wraps them onto lines, shrinks them or turns them to fit their slots.
void styleCategoryAxis(QBarCategoryAxis* axis, const std::vector<std::string>& categories) {
    QStringList labels;
    for (const auto& c : categories) labels << q(c);
    axis->setProperty(kCategoryLabels, labels);
    // Qt elides a rotated label whose bounding box is wider than its category slot, and hides the first and the
    // last when their box reaches past the plot's ends (−60° dropped "conv1" and "Prep and pooling"). Upright
    // (−90°) labels are one text line wide, centred on their slot; where a slot is narrower than that line
    // (a narrow dock at presentation size), fitCategoryAxes shrinks the labels' font.
    if (categories.size() > kMostFlatCategories) axis->setLabelsAngle(-90);
    axis->setTruncateLabels(false);
}

// ---- series -----------------------------------------------------------------------------------------------

QPen seriesPen(const ChartSeries& s) {
    QPen pen(palette::color(s.role));
    pen.setWidthF(scaledPen(2.5));
    if (s.dashed) pen.setStyle(Qt::DashLine);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    return pen;
}

QList<QPointF> points(const ChartSeries& s, const ChartSpec& spec, int& hidden, Range& xr, Range& yr) {
    QList<QPointF> pts;
    hidden = 0;
    const std::size_t n = std::min(s.x.size(), s.y.size());
    pts.reserve(qsizetype(n));
    for (std::size_t i = 0; i < n; ++i) {
        if (!drawable(s.x[i], spec.xLog) || !drawable(s.y[i], spec.yLog)) {
            if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) ++hidden;
            continue;
        }
        pts.append(QPointF(s.x[i], s.y[i]));
        xr.add(s.x[i]);
        yr.add(s.y[i]);
    }
    return pts;
}

// Bar values on a log axis: non-positive ones become the axis floor (a bar of zero height).
QList<qreal> barValues(const ChartSeries& s, std::size_t categories, bool log, double floor, int& hidden) {
    QList<qreal> values;
    hidden = 0;
    for (std::size_t i = 0; i < categories; ++i) {
        double v = i < s.y.size() ? s.y[i] : 0.0;
        if (!std::isfinite(v)) v = 0;
        if (log && v <= 0) {
            ++hidden;
            v = floor;
        }
        values.append(v);
    }
    return values;
}

Range barRange(const ChartSpec& spec) {
    Range r;
    if (spec.kind == ChartKind::StackedBar) {
        for (std::size_t i = 0; i < spec.categories.size(); ++i) {
            double pos = 0, neg = 0;
            for (const auto& s : spec.series)
                if (i < s.y.size() && std::isfinite(s.y[i])) (s.y[i] >= 0 ? pos : neg) += s.y[i];
            if (!spec.yLog || pos > 0) r.add(pos);
            if (!spec.yLog) r.add(neg);
        }
    } else {
        for (const auto& s : spec.series)
            for (std::size_t i = 0; i < s.y.size() && i < spec.categories.size(); ++i)
                if (drawable(s.y[i], spec.yLog)) r.add(s.y[i]);
    }
    return r;
}

double logFloor(const Range& r) { return r.empty() ? 1.0 : std::pow(10.0, std::floor(std::log10(r.lo))); }

// Where each marker's label goes, in lines above its point: markers sharing an x (a published and a simulated
// value, say) would print their labels on top of each other, so the lowest keeps line 0 and each higher one
// takes the next line up. Order by y, then by position in the spec, so the stack is deterministic.
std::vector<int> markerLabelLines(const std::vector<ChartMarker>& markers) {
    std::vector<int> lines(markers.size(), 0);
    for (std::size_t i = 0; i < markers.size(); ++i)
        for (std::size_t j = 0; j < markers.size(); ++j)
            if (j != i && markers[j].x == markers[i].x &&
                (markers[j].y < markers[i].y || (markers[j].y == markers[i].y && j < i)))
                ++lines[i];
    return lines;
}

QScatterSeries* markerSeries(const ChartMarker& m, double size) {
    auto* s = new QScatterSeries;
    s->setName(q(m.label));
    s->append(m.x, m.y);
    s->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    s->setMarkerSize(size);
    return s;
}

// A marker's label is an item of the chart, not a scatter point label: Qt centres those above the point wherever it
// is, so a marker near the y axis printed its label over the axis title. placeMarkerLabels keeps it in the plot area.
struct MarkerLabel {
    QGraphicsRectItem* box;  // a little white behind the text, so it reads over grid lines and curves
    QScatterSeries* series;  // the visible marker, whose axes map its value to a position
    QPointF value;
    int line;  // how many labels of markers at the same x stack below this one (markerLabelLines)
};

QGraphicsRectItem* markerLabelBox(QChart* chart, const QString& text) {
    auto* box = new QGraphicsRectItem(chart);
    auto* label = new QGraphicsSimpleTextItem(text, box);
    label->setFont(scaledFont(11, true));
    label->setBrush(Qt::black);
    const double pad = scaledPen(2);
    label->setPos(pad, 0);
    box->setRect(QRectF(QPointF(0, 0), label->boundingRect().size()).adjusted(0, 0, 2 * pad, 0));
    box->setPen(Qt::NoPen);
    box->setBrush(QColor(255, 255, 255, 210));
    box->setZValue(100);  // above the series, grid and axes Qt draws
    return box;
}

// Above its marker, centred on it, moved sideways as far as needed to stay inside the plot area (clear of the axis
// titles and tick labels); below the marker when there is no room above. Stacked labels keep their order.
void placeMarkerLabels(QChart* chart, const std::vector<MarkerLabel>& labels) {
    const QRectF plot = chart->plotArea();
    // In a small plot (presentation size, a narrow dock) the white label boxes covered much of the curves: there
    // the labels go into the legend, beside their markers' squares.
    double covered = 0;
    for (const MarkerLabel& l : labels) covered += l.box->rect().width() * l.box->rect().height();
    const bool inPlot = covered <= kMostMarkerLabelShare * plot.width() * plot.height();
    for (const MarkerLabel& l : labels) {
        l.series->setProperty(kMarkerLabelInPlot, inPlot);
        for (QLegendMarker* lm : chart->legend()->markers(l.series))
            if (lm->isVisible() == inPlot) lm->setVisible(!inPlot), relayoutAfterThisLayout(chart);
    }
    const double gap = scaledPen(13) / 2 + scaledPen(2);
    for (const MarkerLabel& l : labels) {
        const QPointF at = chart->mapToPosition(l.value, l.series);
        const QSizeF size = l.box->rect().size();
        const double x = std::max(plot.left(), std::min(at.x() - size.width() / 2, plot.right() - size.width()));
        double y = at.y() - gap - (l.line + 1) * size.height();
        if (y < plot.top()) y = at.y() + gap + l.line * size.height();
        y = std::max(plot.top(), std::min(y, plot.bottom() - size.height()));
        l.box->setPos(x, y);
        l.box->setVisible(inPlot && plot.adjusted(-1, -1, 1, 1).contains(at));
    }
}

// Calls `place` whenever the plot area or an axis range changes: what a marker's position depends on.
template <typename Place>
void onPlotChange(QChart* chart, Place place) {
    QObject::connect(chart, &QChart::plotAreaChanged, chart, place);
    for (QAbstractAxis* axis : chart->axes()) {
        if (auto* value = qobject_cast<QValueAxis*>(axis)) QObject::connect(value, &QValueAxis::rangeChanged, chart, place);
        if (auto* log = qobject_cast<QLogValueAxis*>(axis)) QObject::connect(log, &QLogValueAxis::rangeChanged, chart, place);
    }
}

void addMarkers(QChart* chart, const ChartSpec& spec, QAbstractAxis* ax, QAbstractAxis* ay, Range& xr, Range& yr) {
    const std::vector<int> lines = markerLabelLines(spec.markers);
    std::vector<MarkerLabel> labels;
    for (std::size_t i = 0; i < spec.markers.size(); ++i) {
        const ChartMarker& m = spec.markers[i];
        if (!drawable(m.x, spec.xLog) || !drawable(m.y, spec.yLog)) continue;
        xr.add(m.x);
        yr.add(m.y);
        auto* s = markerSeries(m, scaledPen(13));
        s->setColor(palette::color(m.role));
        s->setBorderColor(Qt::black);
        chart->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
        for (QLegendMarker* lm : chart->legend()->markers(s)) lm->setVisible(false);
        s->setProperty(kMarkerLabelInPlot, true);  // until placeMarkerLabels finds the plot too small
        labels.push_back({markerLabelBox(chart, q(m.label)), s, QPointF(m.x, m.y), lines[i]});
    }
    if (labels.empty()) return;
    placeMarkerLabels(chart, labels);
    onPlotChange(chart, [chart, labels] { placeMarkerLabels(chart, labels); });
}

void fitXY(QChart* chart, const ChartSpec& spec, const Range& xr, const Range& yr) {
    const auto h = chart->axes(Qt::Horizontal), v = chart->axes(Qt::Vertical);
    if (!h.isEmpty()) setRange(h.front(), xr, spec.xLog, false);
    if (!v.isEmpty()) setRange(v.front(), yr, spec.yLog, false);
}

void buildXY(QChart* chart, const ChartSpec& spec) {
    QAbstractAxis* ax = makeValueAxis(spec.xLog, spec.xLabel);
    QAbstractAxis* ay = makeValueAxis(spec.yLog, spec.yLabel);
    styleAxis(ax);
    styleAxis(ay);
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    Range xr, yr;
    for (const ChartSeries& cs : spec.series) {
        int hidden = 0;
        const QList<QPointF> pts = points(cs, spec, hidden, xr, yr);
        QXYSeries* s;
        if (spec.kind == ChartKind::Scatter) {
            auto* sc = new QScatterSeries;
            sc->setMarkerSize(scaledPen(11));
            sc->setColor(palette::color(cs.role));
            sc->setBorderColor(palette::color(cs.role).darker(130));
            s = sc;
        } else {
            s = new QLineSeries;
            s->setPen(seriesPen(cs));
            s->setPointsVisible(pts.size() <= 40);  // dots help read sparse curves, clutter dense ones
        }
        s->setName(withNote(cs.name, hidden));
        s->replace(pts);
        chart->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    addMarkers(chart, spec, ax, ay, xr, yr);
    fitXY(chart, spec, xr, yr);
}

void buildBars(QChart* chart, const ChartSpec& spec) {
    QAbstractBarSeries* series = spec.kind == ChartKind::StackedBar ? static_cast<QAbstractBarSeries*>(new QStackedBarSeries)
                                                                    : new QBarSeries;
    const Range r = barRange(spec);
    const double floor = logFloor(r);
    for (const ChartSeries& cs : spec.series) {
        int hidden = 0;
        auto* set = new QBarSet(QString());
        set->append(barValues(cs, spec.categories.size(), spec.yLog, floor, hidden));
        set->setLabel(withNote(cs.name, hidden));
        set->setColor(palette::color(cs.role));
        QPen border(palette::color(cs.role).darker(125));
        border.setWidthF(scaledPen(0.8));
        set->setPen(border);
        series->append(set);
    }
    series->setBarWidth(spec.series.size() > 1 ? 0.8 : 0.6);
    chart->addSeries(series);

    auto* ax = new QBarCategoryAxis;
    QStringList cats;
    for (const auto& c : spec.categories) cats << q(c);
    ax->append(cats);
    ax->setTitleText(q(spec.xLabel));
    styleAxis(ax);
    styleCategoryAxis(ax, spec.categories);
    ax->setGridLineVisible(false);
    QAbstractAxis* ay = makeValueAxis(spec.yLog, spec.yLabel);
    styleAxis(ay);
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    series->attachAxis(ax);
    series->attachAxis(ay);
    setRange(ay, r, spec.yLog, true);
}

// ---- titles that fit ---------------------------------------------------------------------------------------
// Qt elides a title longer than its room to "Processing tim...". A projector needs the words: a title shrinks (to
// kSmallestTitleShare of its size), then wraps onto a second line, and onto more lines where two do not hold it.

bool fits(const QStringList& lines, const QFont& font, double room, int maxLines) {
    const QFontMetricsF fm(font);
    return lines.size() <= maxLines &&
           std::all_of(lines.begin(), lines.end(), [&](const QString& l) { return textWidth(l, fm) <= room; });
}

struct FittedTitle {
    QString html;  // Qt draws titles as rich text: lines joined by <br>
    QFont font;
};

// `room` along the title's lines; `across` for the box of all its lines (an axis' title shares the axis' room with its
// labels, chart_builder's titleRoomAcross).
FittedTitle fitTitle(const QString& text, const QFont& font, double room, int maxLines,
                     double across = std::numeric_limits<double>::infinity()) {
    auto fitted = [](const QStringList& lines, const QFont& f) { return FittedTitle{htmlLines(lines), f}; };
    const auto fitsAcross = [&](const QStringList& lines, const QFont& f) { return chartTextSize(f, htmlLines(lines)).height() <= across; };
    // Each extra line takes a line's height from the plot: the fewest lines, at the largest font that fits them.
    QFont f = font;
    QStringList lines;
    for (int allowed = 1; allowed <= maxLines; ++allowed)
        for (double share = 1; share >= kSmallestTitleShare - 1e-9; share -= 0.05) {
            f.setPointSizeF(font.pointSizeF() * share);
            lines = wrapWords(text, f, room);
            if (fits(lines, f, room, allowed) && fitsAcross(lines, f)) return fitted(lines, f);
        }
    // The smallest font on as many lines as the words need: a third line costs the plot a line, an elided title
    // ("Transfer (MB per mini-bat…") cost the reader the words. An axis title smaller still, down to
    // kSmallestAxisTitleShare, where its lines are too tall for the axis' room or a word is longer than the axis:
    // Qt elides such a title ("Makespan of 8 micro-batc...").
    const double smallest = std::isfinite(across) ? kSmallestAxisTitleShare : kSmallestTitleShare;
    for (double share = kSmallestTitleShare; share >= smallest - 1e-9; share -= 0.05) {
        f.setPointSizeF(font.pointSizeF() * share);
        lines = wrapWords(text, f, room);
        if (fits(lines, f, room, int(lines.size())) && fitsAcross(lines, f)) break;
    }
    return fitted(lines, f);
}

struct ChartTitles {
    QString chart, x, y;
};

// Fits the chart title to the chart's width and each axis title to its axis' length, again whenever the layout
// changes. Wrapping and shrinking only take room from the plot, so repeated layouts settle.
void fitTitles(QChart* chart, const ChartTitles& titles) {
    const QRectF plot = chart->plotArea();
    if (plot.width() <= 0 || plot.height() <= 0) return;  // not laid out yet
    // The title spans the chart inside its layout's margins and the chart's own margins.
    qreal left = 0, top = 0, right = 0, bottom = 0;
    chart->layout()->getContentsMargins(&left, &top, &right, &bottom);
    const QMarginsF margins = chart->margins();
    const double titleRoom = chart->size().width() - left - right - margins.left() - margins.right();
    const FittedTitle title = fitTitle(titles.chart, scaledFont(15, true), titleRoom, 2);
    bool changed = false;
    if (chart->title() != title.html) chart->setTitle(title.html), changed = true;
    if (chart->titleFont() != title.font) chart->setTitleFont(title.font), changed = true;
    for (QAbstractAxis* axis : chart->axes()) {
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        const FittedTitle t = fitTitle(horizontal ? titles.x : titles.y, scaledFont(12, true),
                                       horizontal ? plot.width() : plot.height(), 2, titleRoomAcross(chart, axis));
        // Qt places a horizontal axis' title a few pixels into turned category labels ("conv5" over "Layer"): a gap
        // above the title, which Qt measures with it.
        const auto* categories = qobject_cast<QBarCategoryAxis*>(axis);
        const QString html = categories && categories->labelsAngle() != 0 && !t.html.isEmpty()
                                 ? QStringLiteral("<div style='margin-top:%1px'>%2</div>")
                                       .arg(int(std::ceil(QFontMetricsF(categories->labelsFont()).height() * 0.6)))
                                       .arg(t.html)
                                 : t.html;
        if (axis->titleText() != html) axis->setTitleText(html), changed = true;
        if (axis->titleFont() != t.font) axis->setTitleFont(t.font), changed = true;
    }
    if (changed) relayoutAfterThisLayout(chart);
}

// ---- comparisons ------------------------------------------------------------------------------------------

bool sameSeriesStructure(const ChartSeries& a, const ChartSeries& b) {
    return a.name == b.name && a.role == b.role && a.dashed == b.dashed;
}

bool sameMarker(const ChartMarker& a, const ChartMarker& b) {
    return a.label == b.label && a.x == b.x && a.y == b.y && a.role == b.role;
}

bool sameStructure(const ChartSpec& a, const ChartSpec& b) {
    if (a.id != b.id || a.title != b.title || a.xLabel != b.xLabel || a.yLabel != b.yLabel || a.kind != b.kind ||
        a.xLog != b.xLog || a.yLog != b.yLog || a.categories != b.categories || a.series.size() != b.series.size() ||
        a.markers.size() != b.markers.size())
        return false;
    for (std::size_t i = 0; i < a.series.size(); ++i)
        if (!sameSeriesStructure(a.series[i], b.series[i])) return false;
    for (std::size_t i = 0; i < a.markers.size(); ++i)
        if (!sameMarker(a.markers[i], b.markers[i])) return false;  // markers are rare: rebuild when they move
    return true;
}

}  // namespace

QChart* buildChart(const ChartSpec& spec) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);  // exports and stepping must show the value now
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->setTitle(q(spec.title));
    chart->setTitleFont(scaledFont(15, true));
    chart->setTitleBrush(Qt::black);
    chart->legend()->setFont(scaledFont(11));
    chart->legend()->setLabelColor(Qt::black);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setVisible(!spec.series.empty());
    if (isBar(spec.kind)) buildBars(chart, spec);
    else buildXY(chart, spec);
    const ChartTitles titles{q(spec.title), q(spec.xLabel), q(spec.yLabel)};
    QObject::connect(chart, &QChart::plotAreaChanged, chart, [chart, titles] { fitTitles(chart, titles); });
    QObject::connect(chart, &QChart::plotAreaChanged, chart, [chart] {
        fitLogAxes(chart);
        fitValueAxes(chart);
        fitCategoryAxes(chart);
    });
    return chart;
}

bool sameChart(const ChartSpec& a, const ChartSpec& b) {
    if (!sameStructure(a, b) || a.caption != b.caption) return false;
    for (std::size_t i = 0; i < a.series.size(); ++i)
        if (a.series[i].x != b.series[i].x || a.series[i].y != b.series[i].y) return false;
    return true;
}

bool updateChartData(QChart* chart, const ChartSpec& previous, const ChartSpec& next) {
    if (!chart || !sameStructure(previous, next)) return false;
    const QList<QAbstractSeries*> all = chart->series();
    if (isBar(next.kind)) {
        if (all.size() != 1) return false;
        auto* bars = qobject_cast<QAbstractBarSeries*>(all.front());
        if (!bars || bars->count() != qsizetype(next.series.size())) return false;
        const Range r = barRange(next);
        const double floor = logFloor(r);
        for (std::size_t i = 0; i < next.series.size(); ++i) {
            int hidden = 0;
            const QList<qreal> values = barValues(next.series[i], next.categories.size(), next.yLog, floor, hidden);
            QBarSet* set = bars->barSets()[qsizetype(i)];
            for (qsizetype k = 0; k < values.size(); ++k)
                if (set->at(k) != values[k]) set->replace(k, values[k]);
            set->setLabel(withNote(next.series[i].name, hidden));
        }
        const auto v = chart->axes(Qt::Vertical);
        if (!v.isEmpty()) setRange(v.front(), r, next.yLog, true);
        fitValueAxes(chart);
        return true;
    }
    // Data series first; the marker series after them are unchanged (sameStructure compared the markers).
    if (all.size() < qsizetype(next.series.size())) return false;
    Range xr, yr;
    for (std::size_t i = 0; i < next.series.size(); ++i) {
        auto* s = qobject_cast<QXYSeries*>(all[qsizetype(i)]);
        if (!s) return false;
        int hidden = 0;
        const QList<QPointF> pts = points(next.series[i], next, hidden, xr, yr);
        s->replace(pts);
        s->setName(withNote(next.series[i].name, hidden));
        if (next.kind == ChartKind::Line) s->setPointsVisible(pts.size() <= 40);
    }
    for (const ChartMarker& m : next.markers)
        if (drawable(m.x, next.xLog) && drawable(m.y, next.yLog)) {
            xr.add(m.x);
            yr.add(m.y);
        }
    fitXY(chart, next, xr, yr);
    fitValueAxes(chart);  // the plot area may not change, so plotAreaChanged does not do it
    return true;
}

QString explainChartPoint(QChart* chart, const ChartSpec& spec, QPointF at, double radius) {
    if (!chart || isBar(spec.kind)) return {};
    const QList<QAbstractSeries*> all = chart->series();
    double best = radius * radius;
    QString tip;
    // Data series only: the marker series after them carry their own labels.
    for (std::size_t i = 0; i < spec.series.size() && qsizetype(i) < all.size(); ++i) {
        const auto* s = qobject_cast<const QXYSeries*>(all[qsizetype(i)]);
        if (!s || !s->isVisible()) continue;
        for (const QPointF& v : s->points()) {
            const QPointF d = chart->mapToPosition(v, all[qsizetype(i)]) - at;
            const double distance = d.x() * d.x() + d.y() * d.y();
            if (distance > best) continue;
            best = distance;
            tip = QStringLiteral("<b>%1</b><br>%2: %3<br>%4: %5")
                      .arg(q(spec.series[i].name).toHtmlEscaped(), q(spec.xLabel).toHtmlEscaped(), formatValue(v.x()),
                           q(spec.yLabel).toHtmlEscaped(), formatValue(v.y()));
        }
    }
    return tip;
}

}  // namespace dfl
