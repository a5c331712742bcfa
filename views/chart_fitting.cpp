// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/chart_fitting.h"

#include "views/palette.h"

#include <QBarCategoryAxis>
#include <QChart>
#include <QDateTime>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLogValueAxis>
#include <QTextDocument>
#include <QTransform>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dfl {

namespace {

// ---- layouts after a fit -----------------------------------------------------------------------------------
// Under a window manager the y axis kept the width of a one-line title beside a two-line one (tick labels "1500..."),
// and the legend the room of two entries with one shown ("Processing t..."), until something else laid the chart
// out again. Loops are bounded: a chart takes at most kMostRelayoutsPerSecond relayouts a second.
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

}  // namespace

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

void keepCategoryLabels(QBarCategoryAxis* axis, const QStringList& labels) { axis->setProperty(kCategoryLabels, labels); }

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

}  // namespace dfl
