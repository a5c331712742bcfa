// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a chart series does, in words computed from its values, for captions that state a trend: a caption that
// said "the data rates stay nearly flat" sat over a 50 → 3 MB/s fall (issue 12). Captions say what the data
// shows, with its first and last values.

#include "core/sim/chart_spec.h"

#include <string>

namespace dfl {

enum class Trend { Flat, Rises, Falls, Varies };

// Flat: every value within ±kFlatTolerance of the mean; Rises/Falls: monotone (allowing ties) from first to last;
// Varies: anything else. A series of fewer than two points is Flat.
constexpr double kFlatTolerance = 0.10;
Trend trendOf(const ChartSeries& series);

// "falls from 50 to 3.1 MB/s", "rises from 0.02 to 0.37 ms", "stays near 12 MB/s (11 to 13)",
// "varies between 2 and 9 ops/word" — the values with three significant digits.
std::string describeTrend(const ChartSeries& series, const std::string& unit);

}  // namespace dfl
