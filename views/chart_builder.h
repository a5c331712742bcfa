// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turns a dfl::ChartSpec (data, decided by the core) into a QChart (pixels, decided here), so the GUI panels and
// the batch exports draw every chart the same way. Colours come from the palette, sizes from the presentation
// scale.
//
// Log axes cannot show zero or negative values. Rather than drop them silently, such points are left out (lines,
// scatter, markers) or drawn with zero height at the bottom of the axis (bars), and the series' legend entry
// says how many values were not drawn.
// Markers are drawn on Line and Scatter charts only (a category axis has no x coordinate to put them at); their
// labels stay inside the plot area, clear of the axes and their titles.
//
// Titles that do not fit (a narrow dock, presentation fonts) shrink down to kSmallestTitleShare of their size, then
// wrap onto two lines, and onto more where two are not enough: Qt never elides them. An axis title whose lines are
// still too tall for the room Qt gives its axis beside the tick labels shrinks further, to kSmallestAxisTitleShare.

#include "core/sim/chart_spec.h"

#include <algorithm>

#include <QPointF>
#include <QString>

class QChart;

namespace dfl {

inline constexpr double kSmallestTitleShare = 0.6;  // at presentation scale still above the normal size
inline constexpr double kSmallestAxisTitleShare = 0.5;

QChart* buildChart(const ChartSpec& spec);  // the caller owns the chart

// Log axes' tick labels fit between their ticks (buildChart calls this whenever the plot area changes): plain
// numbers from 0.001 to 10000, else 1e+05; in a narrow chart a tick every second or third decade rather than
// labels Qt elides to "1e+…" (issue 12).
void fitLogAxes(QChart* chart);
// Linear axes the same way: applyNiceNumbers' ticks while their labels fit, else a wider 1-2-5 step (a 0…600 axis
// in a narrow presentation chart read "1… 2… 3…"); a vertical axis' labels shrink (smallestAxisLabelPoints) where
// the widest is wider than the room Qt gives the axis.
void fitValueAxes(QChart* chart);

// Axis tick labels shrink where their axis has no room for them at the normal size, as far as
// smallestAxisLabelPoints: half their size when presenting (9.9 pt, above the window's own text when not presenting)
// and no smaller than 6.6 pt (0.6 of the normal size) for the audience at the back of the room. Qt Charts gives the
// axes on one side of the plot at most 40 % of the chart and elides what does not fit ("1500...").
inline constexpr double kSmallestAxisLabelShare = 0.5;
inline constexpr double kSmallestAxisLabelPoints = 6.6;
inline double smallestAxisLabelPoints(double normalPoints) {
    return std::min(normalPoints, std::max(kSmallestAxisLabelShare * normalPoints, kSmallestAxisLabelPoints));
}

// A bar chart's category labels each fit their category's slot (buildChart calls this whenever the plot area
// changes): Qt hides the first and the last label when its box is wider than the slot, so a narrow chart at
// presentation size lost "conv1" and "fc8" (issue 12). Up to kMostFlatCategories labels lie flat and wrap onto
// at most kMostCategoryLabelLines lines; more stand upright. The labels' font shrinks as far as needed, to no less
// than smallestAxisLabelPoints, before flat labels turn upright, and grows back when the plot widens. Stage names
// flat on four lines at 9.9 pt where upright, 19.8 pt and as long as their text, they made the pipeline's charts
// taller than a 1280 x 800 screen.
inline constexpr int kMostCategoryLabelLines = 4;
inline constexpr std::size_t kMostFlatCategories = 6;
void fitCategoryAxes(QChart* chart);

// The height `chart` needs around its plot (title, legend, the horizontal axis' labels as turned and its title) plus
// a plot of `plotHeight`, or taller where a vertical axis' title or Qt's share for the axes needs it: in a shorter
// chart Qt squeezes the axis below its labels and turned category labels ran into the axis title and the legend (the
// network's chart at presentation size, the Charts dock at 1280 x 800), and elides the vertical title.
double chartHeightFor(const QChart* chart, double plotHeight);

// Marker labels are drawn in the plot, in white boxes, while those boxes cover no more than this share of it; else
// they are the markers' legend entries, and the marker series carries kMarkerLabelInPlot = false.
inline constexpr double kMostMarkerLabelShare = 0.12;
inline constexpr char kMarkerLabelInPlot[] = "dflMarkerLabelInPlot";

// Updates the data of a chart built from `previous` in place when `next` has the same structure (kind, axes,
// series names and roles, categories, markers); returns false when the chart must be rebuilt instead.
bool updateChartData(QChart* chart, const ChartSpec& previous, const ChartSpec& next);

// Same structure and same data: nothing to redraw.
bool sameChart(const ChartSpec& a, const ChartSpec& b);

// The tooltip of the data point of a line or scatter chart nearest `at` (chart coordinates) within `radius` pixels:
// its series, x and y with the axes' titles (which carry the units); empty when no point is that close.
QString explainChartPoint(QChart* chart, const ChartSpec& spec, QPointF at, double radius);

}  // namespace dfl
