// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/chart_builder.h"

#include "views/chart_fitting.h"
#include "views/palette.h"
#include "views/table_model.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QStackedBarSeries>
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
    keepCategoryLabels(axis, labels);
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
