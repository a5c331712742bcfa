// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Fits a chart's text to the room it has, again whenever its plot area changes (buildChart connects them): titles,
// tick labels and category labels shrink, wrap, turn or thin out before Qt Charts would elide them ("Processing
// tim...", "1500...") or draw them over each other, and the chart asks its panel for the height that needs.
//
// Qt Charts gives the axes on one side of the plot at most 40 % of the chart's content (inside its margins, below
// its title, above its legend) and squeezes them into it; each axis' labels and title share that room here.
// Titles that do not fit (a narrow dock, presentation fonts) shrink down to kSmallestTitleShare of their size, then
// wrap onto two lines, and onto more where two are not enough. An axis title whose lines are still too tall for the
// room beside the tick labels shrinks further, to kSmallestAxisTitleShare.
//
// The fits run while Qt lays the chart out, and what they change there (an axis title's lines, a tick step, the
// labels' font, a legend entry) only counts in a later layout, which nothing asks for while the chart keeps its
// size: a fit that changed something asks for one (relayoutAfterThisLayout).

#include <algorithm>

#include <QFont>
#include <QString>
#include <QStringList>

class QBarCategoryAxis;
class QChart;

namespace dfl {

inline constexpr double kAxisLabelPoints = 11;  // tick and category labels, at presentation scale 1

inline constexpr double kSmallestTitleShare = 0.6;  // at presentation scale still above the normal size
inline constexpr double kSmallestAxisTitleShare = 0.5;

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

// The chart's title and axis titles as the spec has them; fitTitles fits them to the chart's width and each axis.
struct ChartTitles {
    QString chart, x, y;
};
void fitTitles(QChart* chart, const ChartTitles& titles);

// A category axis' labels as the spec has them (fitCategoryAxes shows them wrapped, shrunk or by their names).
void keepCategoryLabels(QBarCategoryAxis* axis, const QStringList& labels);

// One more layout of `chart`, at its size, once this one is done (the legend's too): at most a few a second.
void relayoutAfterThisLayout(QChart* chart);

}  // namespace dfl
