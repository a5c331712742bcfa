// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cgra/cgra_charts.h"

#include "core/cgra/cgra_analysis.h"
#include "core/sim/metrics_json.h"
#include "core/sim/series_trend.h"

#include <algorithm>

namespace dfl::cgra {

namespace {

// The layer with one thing changed, keeping H and s (a convolution of an output plane n × n).
CgraLayer withOutputSize(const CgraLayer& l, int n) {
    CgraLayer v = l;
    v.groups = 1;
    v.nox = v.noy = n;
    v.nix = v.niy = (n - 1) * l.stride + l.kernel;
    return v;
}

CgraLayer withChannels(const CgraLayer& l, int ci, int co) {
    CgraLayer v = l;
    v.groups = 1;
    v.ci = ci;
    v.co = co;
    return v;
}

std::vector<int> outputSizes() {
    std::vector<int> sizes;
    for (int n = 4; n <= 128; n += 4) sizes.push_back(n);
    return sizes;
}

std::string describe(const CgraConfig& c, const CgraLayer& l) {
    return "H=" + std::to_string(l.kernel) + ", s=" + std::to_string(l.stride) + ", Px=" + std::to_string(c.px) +
           ", Py=" + std::to_string(c.py) + ", T=" + std::to_string(c.threads);
}

ChartSeries line(std::string name, SeriesRole role, bool dashed = false) {
    ChartSeries s;
    s.name = std::move(name);
    s.role = role;
    s.dashed = dashed;
    return s;
}

}  // namespace

std::vector<ChartSpec> paperFigureCharts(const CgraConfig& c, const CgraLayer& layer) {
    std::vector<ChartSpec> charts;
    const CgraLayer base = withChannels(layer, layer.ci * layer.groups, layer.co * layer.groups);
    const std::string setup = describe(c, base);

    {  // Figure 15: time and output rate against output channels.
        ChartSpec time{"fig15_time_vs_output_channels", "Processing time over output channels (AndoCGRA Fig. 15)",
                       "Output channels Co", "Processing time (ms)", ChartKind::Line, false, false, {}, {}, {}, {}};
        ChartSpec rate{"fig15_rate_vs_output_channels", "Data rates over output channels (AndoCGRA Fig. 15)",
                       "Output channels Co", "Data rate (MB/s)", ChartKind::Line, false, true, {}, {}, {}, {}};
        time.tab = "Time over output channels";
        rate.tab = "Data rates over output channels";
        ChartSeries t = line("Processing time", SeriesRole::Forward);
        ChartSeries out = line("Output data rate", SeriesRole::Backward);
        ChartSeries in = line("Input data rate", SeriesRole::Forward, true);
        for (int co = 32; co <= std::max(512, base.co); co += 32) {
            const LayerCost k = closedFormCost(c, withChannels(base, base.ci, co));
            t.x.push_back(co), t.y.push_back(timeMs(c, k.cycles));
            out.x.push_back(co), out.y.push_back(rateMBs(c, k.outputWords, k.cycles));
            in.x.push_back(co), in.y.push_back(rateMBs(c, k.inputWords, k.cycles));
        }
        time.series = {t};
        time.markers = {{"this layer", double(base.co), timeMs(c, closedFormCost(c, base).cycles), SeriesRole::Selected}};
        // Captions state what the series do, computed from them (a fixed "nearly flat" sat over a 50 → 3 MB/s fall).
        const std::string channels = formatNumber(t.x.front()) + " to " + formatNumber(t.x.back());
        time.caption = "As the output channels go from " + channels + ", processing time " + describeTrend(t, "ms") +
                       " (Ci=" + std::to_string(base.ci) + ", output " + std::to_string(base.nox) + "x" +
                       std::to_string(base.noy) + ", " + setup + ").";
        rate.series = {out, in};
        rate.caption = "As the output channels go from " + channels + ", the output data rate " +
                       describeTrend(out, "MB/s") + " and the input data rate " + describeTrend(in, "MB/s") + " (" +
                       setup + ").";
        charts.push_back(time);
        charts.push_back(rate);
    }
    {  // Figure 16: time and rates against the output plane size.
        ChartSpec time{"fig16_time_vs_output_size", "Processing time over output plane size (AndoCGRA Fig. 16)",
                       "Output rows = columns (Nox = Noy)", "Processing time (ms)", ChartKind::Line, false, false,
                       {}, {}, {}, {}};
        ChartSpec rate{"fig16_rate_vs_output_size", "Data rates over output plane size (AndoCGRA Fig. 16)",
                       "Output rows = columns (Nox = Noy)", "Data rate (MB/s)", ChartKind::Line, false, true,
                       {}, {}, {}, {}};
        time.tab = "Time over output plane size";
        rate.tab = "Data rates over plane size";
        ChartSeries t = line("Processing time", SeriesRole::Forward);
        ChartSeries out = line("Output data rate", SeriesRole::Backward);
        ChartSeries in = line("Input data rate", SeriesRole::Forward, true);
        for (int n : outputSizes()) {
            const LayerCost k = closedFormCost(c, withOutputSize(base, n));
            t.x.push_back(n), t.y.push_back(timeMs(c, k.cycles));
            out.x.push_back(n), out.y.push_back(rateMBs(c, k.outputWords, k.cycles));
            in.x.push_back(n), in.y.push_back(rateMBs(c, k.inputWords, k.cycles));
        }
        time.series = {t};
        const std::string sizes = formatNumber(t.x.front()) + " to " + formatNumber(t.x.back());
        time.caption = "Time follows the number of Px x Py output blocks: as the output grows from " + sizes +
                       " rows, it " + describeTrend(t, "ms") + " (Ci=" + std::to_string(base.ci) + ", Co=" +
                       std::to_string(base.co) + ", " + setup + ").";
        rate.series = {out, in};
        rate.caption = "As the output grows from " + sizes + " rows, the output data rate " + describeTrend(out, "MB/s") +
                       " and the input data rate " + describeTrend(in, "MB/s") + " (" + setup + ").";
        charts.push_back(time);
        charts.push_back(rate);
    }
    {  // Figures 17–19: row-wise (multi-port = multi-bank) against the ideal array.
        ChartSpec time{"fig17_time_row_wise_vs_ideal", "Output size and processing time (AndoCGRA Fig. 17)",
                       "Output rows = columns (Nox = Noy)", "Processing time (ms)", ChartKind::Line, false, false,
                       {}, {}, {}, {}};
        ChartSpec ai{"fig18_intensity_row_wise_vs_ideal", "Output size and arithmetic intensity (AndoCGRA Fig. 18)",
                     "Output rows = columns (Nox = Noy)", "Arithmetic intensity (ops/word)", ChartKind::Line, false,
                     false, {}, {}, {}, {}};
        ChartSpec rate{"fig19_input_rate_row_wise_vs_ideal", "Output size and input data rate (AndoCGRA Fig. 19)",
                       "Output rows = columns (Nox = Noy)", "Input data rate (MB/s)", ChartKind::Line, false, false,
                       {}, {}, {}, {}};
        time.tab = "Output size and time";
        ai.tab = "Output size and intensity";
        rate.tab = "Output size and input rate";
        ChartSeries tRow = line("Row-wise (multi-port and multi-bank)", SeriesRole::Forward);
        ChartSeries tIdeal = line("Ideal (Section 3)", SeriesRole::Idle, true);
        ChartSeries aRow = tRow, aIdeal = tIdeal, rRow = tRow, rIdeal = tIdeal;
        for (int n : outputSizes()) {
            const CgraLayer v = withOutputSize(base, n);
            const LayerCost k = closedFormCost(c, v);
            const std::int64_t ideal = idealConvCycles(c, v);
            tRow.x.push_back(n), tRow.y.push_back(timeMs(c, k.cycles));
            tIdeal.x.push_back(n), tIdeal.y.push_back(timeMs(c, ideal));
            aRow.x.push_back(n), aRow.y.push_back(arithmeticIntensity(k));
            aIdeal.x.push_back(n), aIdeal.y.push_back(arithmeticIntensity(k));  // same operations, same data
            rRow.x.push_back(n), rRow.y.push_back(rateMBs(c, k.inputWords, k.cycles));
            rIdeal.x.push_back(n), rIdeal.y.push_back(rateMBs(c, k.inputWords, ideal));
        }
        const std::string chans = "Ci=" + std::to_string(base.ci) + ", Co=" + std::to_string(base.co) + ", " + setup;
        time.series = {tRow, tIdeal};
        time.caption = "Filling the shift chain makes the row-wise array slower than the ideal one; multi-port and "
                       "multi-bank take the same time (" + chans + ").";
        ai.series = {aRow, aIdeal};
        ai.caption = "Both arrays need the same operations and the same external data, so their arithmetic "
                     "intensities coincide (" + chans + ").";
        rate.series = {rRow, rIdeal};
        rate.caption = "Over the output size the row-wise array's input rate " + describeTrend(rRow, "MB/s") +
                       "; the ideal array's " + describeTrend(rIdeal, "MB/s") + " (" + chans + ").";
        charts.push_back(time);
        charts.push_back(ai);
        charts.push_back(rate);
    }
    {  // Figure 20: arithmetic intensity for 1, 8 and 512 threads.
        ChartSpec ai{"fig20_intensity_vs_threads", "Output size and arithmetic intensity by thread count (AndoCGRA Fig. 20)",
                     "Output rows = columns (Nox = Noy)", "Arithmetic intensity (ops/word)", ChartKind::Line, false,
                     true, {}, {}, {}, {}};
        ai.tab = "Intensity by thread count";
        const SeriesRole roles[] = {SeriesRole::Idle, SeriesRole::Other1, SeriesRole::Forward};
        const int threadCounts[] = {1, 8, 512};
        struct Case { int ci, co; bool dashed; };
        const Case cases[] = {{base.ci, base.co, false}, {3, 32, true}};
        for (const Case& k : cases)
            for (int i = 0; i < 3; ++i) {
                CgraConfig tc = c;
                tc.threads = threadCounts[i];
                ChartSeries s = line("T=" + std::to_string(threadCounts[i]) + ", Ci=" + std::to_string(k.ci) +
                                         ", Co=" + std::to_string(k.co),
                                     roles[i], k.dashed);
                for (int n : outputSizes()) {
                    s.x.push_back(n);
                    s.y.push_back(arithmeticIntensity(closedFormCost(tc, withOutputSize(withChannels(base, k.ci, k.co), n))));
                }
                ai.series.push_back(s);
            }
        ai.caption = "More threads reuse each input for more output channels: intensity rises with T and saturates "
                     "with the problem size (H=" + std::to_string(base.kernel) + ", Px=" + std::to_string(c.px) +
                     ", Py=" + std::to_string(c.py) + "; dashed: an input layer).";
        charts.push_back(ai);
    }
    return charts;
}

std::vector<ChartSpec> networkLayerCharts(const CgraConfig& c, const std::vector<CgraLayer>& layers,
                                          const std::string& networkName) {
    ChartSpec time{"layer_time", networkName + ": processing time per layer", "Layer", "Processing time (ms)",
                   ChartKind::Bar, false, false, {}, {}, {}, {}};
    ChartSpec util{"layer_utilization", networkName + ": PE utilisation per layer", "Layer", "Utilisation (fraction)",
                   ChartKind::Bar, false, false, {}, {}, {}, {}};
    ChartSpec writes{"layer_buffer_writes", networkName + ": row-buffer writes per layer", "Layer",
                     "Row-buffer writes (log scale)", ChartKind::Bar, false, true, {}, {}, {}, {}};
    ChartSeries t = line("Processing time", SeriesRole::Forward);
    ChartSeries u = line("PE utilisation (eq. 10)", SeriesRole::Forward);
    ChartSeries m = line("MAC utilisation (fill steps excluded)", SeriesRole::Idle);
    ChartSeries wp = line("Multi-port", SeriesRole::Forward);
    ChartSeries wb = line("Multi-bank", SeriesRole::Backward);
    for (const CgraLayer& l : layers) {
        const LayerCost k = closedFormCost(c, l);
        time.categories.push_back(l.name);
        t.y.push_back(timeMs(c, k.cycles));
        u.y.push_back(utilisation(c, k));
        m.y.push_back(macUtilisation(c, k));
        if (k.bufferWritesMultiport > 0) {
            writes.categories.push_back(l.name);
            wp.y.push_back(double(k.bufferWritesMultiport));
            wb.y.push_back(double(k.bufferWritesMultibank));
        }
    }
    util.categories = time.categories;
    time.series = {t};
    time.caption = "Time of each CONV and FC layer on " + std::to_string(c.px) + "x" + std::to_string(c.py) +
                   " PEs at " + formatNumber(c.frequencyMhz) + " MHz (FC mapping " + fcMappingName(c.fcMapping) + ").";
    util.series = {u, m};
    util.caption = "Eq. (10) counts PEs holding an output; MAC utilisation also discounts the shift-chain fill.";
    writes.series = {wp, wb};
    writes.caption = "Multi-bank buffers rewrite rows on the loop-back bus: up to H writes per input element, against "
                     "one for multi-port.";
    std::vector<ChartSpec> charts = {time, util};
    if (!writes.categories.empty()) charts.push_back(writes);
    return charts;
}

}  // namespace dfl::cgra
