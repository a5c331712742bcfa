// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/series_trend.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace dfl {

namespace {
std::string significant(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3g", v);
    return buffer;
}
}  // namespace

Trend trendOf(const ChartSeries& series) {
    const std::vector<double>& y = series.y;
    if (y.size() < 2) return Trend::Flat;
    const double mean = std::accumulate(y.begin(), y.end(), 0.0) / double(y.size());
    const bool flat = std::all_of(y.begin(), y.end(), [&](double v) {
        return std::fabs(v - mean) <= kFlatTolerance * std::fabs(mean);
    });
    if (flat) return Trend::Flat;
    if (std::is_sorted(y.begin(), y.end())) return Trend::Rises;
    if (std::is_sorted(y.begin(), y.end(), std::greater<>())) return Trend::Falls;
    return Trend::Varies;
}

std::string describeTrend(const ChartSeries& series, const std::string& unit) {
    const std::vector<double>& y = series.y;
    if (y.empty()) return "has no values";
    const std::string u = unit.empty() ? "" : " " + unit;
    const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
    switch (trendOf(series)) {
    case Trend::Flat: {
        const double mean = std::accumulate(y.begin(), y.end(), 0.0) / double(y.size());
        return "stays near " + significant(mean) + u + " (" + significant(*lo) + " to " + significant(*hi) + ")";
    }
    case Trend::Rises: return "rises from " + significant(y.front()) + " to " + significant(y.back()) + u;
    case Trend::Falls: return "falls from " + significant(y.front()) + " to " + significant(y.back()) + u;
    case Trend::Varies: break;
    }
    return "varies between " + significant(*lo) + " and " + significant(*hi) + u;
}

}  // namespace dfl
