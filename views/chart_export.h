// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writes a chart to files (PNG, SVG, PDF, CSV) without showing a window. Used by the chart panels' export
// menu, "Export all charts" and batch mode (`--charts`), so a slide figure and a GUI chart are the same
// picture. Needs a QApplication (batch mode creates one on the offscreen platform).

#include "core/sim/chart_spec.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

namespace dfl {

// The formats exportChart understands, in the order "Export all" writes them.
QStringList chartExportFormats();  // png, svg, pdf, csv

// Writes pathWithoutExtension + "." + format for each format. Throws InputError naming the file when a file
// cannot be written or a format is unknown.
void exportChart(const ChartSpec& spec, const QString& pathWithoutExtension, const QStringList& formats,
                 QSize size = {1600, 1000});

// The chart as an image of `size` device pixels (PNG export, clipboard, tests).
QImage renderChartImage(const ChartSpec& spec, QSize size = {1600, 1000});
// The resolution every exported format states for a picture of `size`: its width on a 16:9 slide (13.333 in).
double chartSlideDpi(QSize size);

// The series' data as CSV. Line/Scatter: one row per point, columns series,x,y. Bar kinds: one row per
// category, one column per series. Numbers are written with full precision so they read back exactly.
QString chartToCsv(const ChartSpec& spec);

}  // namespace dfl
