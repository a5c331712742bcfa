// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A chart described as data, so that the core decides what to plot and one renderer (views/chart_panel)
// draws it in the GUI and in batch mode alike. No Qt GUI types here.

#include <string>
#include <vector>

namespace dfl {

// Roles map onto the one palette (docs/architecture.md "Visual language"), so the same thing looks the same everywhere.
enum class SeriesRole { Forward, Backward, Update, Idle, Selected, Reference, Other1, Other2, Other3, Other4 };

enum class ChartKind {
    Line,        // x/y points joined
    Scatter,     // x/y points
    Bar,         // one value per category per series, grouped
    StackedBar,  // one value per category per series, stacked
};

struct ChartSeries {
    std::string name;
    SeriesRole role = SeriesRole::Other1;
    std::vector<double> x;  // Line/Scatter
    std::vector<double> y;  // Line/Scatter: same length as x; Bar: one per category
    bool dashed = false;
};

struct ChartMarker {  // a labelled point, e.g. where a curve reaches a target
    std::string label;
    double x = 0, y = 0;
    SeriesRole role = SeriesRole::Selected;
};

struct ChartSpec {
    std::string id;     // file-name stem for exports, e.g. "traffic_vs_batch"
    std::string title;
    std::string xLabel, yLabel;  // with units, e.g. "Batch size", "Traffic (MB/batch)"
    ChartKind kind = ChartKind::Line;
    bool xLog = false, yLog = false;
    std::vector<std::string> categories;  // Bar kinds: x categories (e.g. layer names)
    std::vector<ChartSeries> series;
    std::vector<ChartMarker> markers;
    std::string caption;  // one sentence for the export index and slides
    // A few words for the chart's tab in the Charts dock, where seven whole titles stood behind scroll arrows;
    // empty: chartTabTitle derives it from the title.
    std::string tab;
};

// The tab's words: `tab`, else the title without its network prefix ("vgg-f: ") and a closing parenthesis
// ("(batch 32)"), with a capital first letter. The tab's tool tip keeps the whole title.
std::string chartTabTitle(const ChartSpec& spec);

}  // namespace dfl
