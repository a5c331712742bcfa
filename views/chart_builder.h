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
// Its titles, axes and labels fit the room the chart has (views/chart_fitting.h).

#include "core/sim/chart_spec.h"
#include "views/chart_fitting.h"

#include <QPointF>
#include <QString>

class QChart;

namespace dfl {

QChart* buildChart(const ChartSpec& spec);  // the caller owns the chart

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
