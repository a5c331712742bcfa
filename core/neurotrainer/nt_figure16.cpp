// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_figure16.h"

#include "core/sim/metrics_json.h"

#include <algorithm>
#include <cmath>

namespace dfl::nt {

namespace {

// NeuroTrainer §5.1 (the text on Figure 13): forward "4.2TOPS/s ~ 4.7TOPS/s"; 32-bit backward peak 2.4 TOPS,
// FC3 backward 1.61, C1 backward 1.19, both "lower throughput than others"; update "C1 ~ C5 shows about 1.98",
// the FC update "about 1.02 TOPS/s, which is the worst case".
constexpr double kForwardMin = 4.2, kForwardMax = 4.7;
constexpr double kBackwardPeak = 2.4, kBackwardFc3 = 1.61, kBackwardC1 = 1.19;
constexpr double kUpdateConv = 1.98, kUpdateFc = 1.02;

std::string n(double v) { return formatNumber(v); }

}  // namespace

TrainingRateBound allFcUpperBound(const std::string& name) {
    TrainingRateBound b;
    b.network = name;
    b.upper = true;
    b.tops = 3 / (1 / kForwardMax + 1 / kBackwardPeak + 1 / kUpdateFc);
    b.formula = "all FC: 3 / (1/" + n(kForwardMax) + " + 1/" + n(kBackwardPeak) + " + 1/" + n(kUpdateFc) + ") = " + n(b.tops);
    return b;
}

bool boundedByAlexNetLayerRates(const Network& network) {
    bool first = true, anyConv = false;
    for (const Layer& l : network.layers()) {
        if (l.type != LayerType::Conv) continue;
        anyConv = true;
        if (!first && (l.kernelH != 3 || l.kernelW != 3 || l.strideH != 1 || l.strideW != 1 || l.groups != 1))
            return false;
        first = false;
    }
    return anyConv;
}

bool allFullyConnected(const Network& network) {
    bool anyFc = false;
    for (const Layer& l : network.layers()) {
        if (l.type == LayerType::Conv) return false;
        anyFc = anyFc || l.type == LayerType::FullyConnected;
    }
    return anyFc;
}

TrainingRateBound convLowerBound(const std::string& name, const Network& network) {
    double first = 0, conv = 0, fc = 0;
    bool seenConv = false;
    for (const Layer& l : network.layers()) {
        const double macs = double(l.forwardMacs);
        if (l.type == LayerType::Conv) {
            (seenConv ? conv : first) += macs;
            seenConv = true;
        } else if (l.type == LayerType::FullyConnected) {
            fc += macs;
        }
    }
    const double total = first + conv + fc;
    const double a = total > 0 ? first / total : 0, c = total > 0 ? conv / total : 0, f = total > 0 ? fc / total : 0;
    // Seconds per operation of each phase, op-weighted; the three phases carry equal operations.
    const double perOp = a * (1 / kForwardMin + 1 / kBackwardC1 + 1 / kUpdateConv) +
                         c * (1 / kForwardMin + 1 / kBackwardFc3 + 1 / kUpdateConv) +
                         f * (1 / kForwardMin + 1 / kBackwardFc3 + 1 / kUpdateFc);
    TrainingRateBound b;
    b.network = name;
    b.upper = false;
    b.tops = perOp > 0 ? 3 / perOp : 0;
    b.formula = "MAC shares first CONV " + n(a) + ", other CONV " + n(c) + ", FC " + n(f) + ": 3 / (" + n(a) + "·(1/" +
                n(kForwardMin) + " + 1/" + n(kBackwardC1) + " + 1/" + n(kUpdateConv) + ") + " + n(c) + "·(1/" +
                n(kForwardMin) + " + 1/" + n(kBackwardFc3) + " + 1/" + n(kUpdateConv) + ") + " + n(f) + "·(1/" +
                n(kForwardMin) + " + 1/" + n(kBackwardFc3) + " + 1/" + n(kUpdateFc) + ")) = " + n(b.tops);
    return b;
}

Figure16Bound figure16Bound(const std::vector<TrainingRateBound>& bounds, int benchmarks, double publishedMean) {
    Figure16Bound r;
    r.bounds = bounds;
    r.benchmarks = benchmarks;
    r.publishedMean = publishedMean;
    // Least Σ(x − m)² with Σx = n·m: a bounded benchmark sits at its bound when the bound keeps it off the mean,
    // at the mean otherwise; the free ones share what is left equally.
    const double m = publishedMean;
    double fixedSum = 0, squares = 0;
    std::string terms;
    for (const TrainingRateBound& b : bounds) {
        const double x = b.upper ? std::min(b.tops, m) : std::max(b.tops, m);
        fixedSum += x;
        squares += (x - m) * (x - m);
        terms += (terms.empty() ? "" : ", ") + b.network + " " + n(x);
    }
    const int free = benchmarks - int(bounds.size());
    const double c = free > 0 ? (benchmarks * m - fixedSum) / free : m;
    squares += free * (c - m) * (c - m);
    r.leastCv = std::sqrt(squares / benchmarks) / m;
    r.leastCvSample = benchmarks > 1 ? std::sqrt(squares / (benchmarks - 1)) / m : 0;
    r.formula = "mean fixed at " + n(m) + " TOPS over " + std::to_string(benchmarks) + " benchmarks: " + terms + ", the other " +
                std::to_string(free) + " at " + n(c) + "; sqrt(Σ(x − m)² / " + std::to_string(benchmarks) + ") / m = " +
                n(r.leastCv);
    return r;
}

void addFigure16Bound(MetricsReport& report, const Figure16Bound& bound) {
    Table& t = report.addTable("figure16_bound", {{"network", ""}, {"bound", ""}, {"training_tops", "TOPS"}, {"formula", ""}});
    for (const TrainingRateBound& b : bound.bounds)
        t.addRow({b.network, std::string(b.upper ? "at most" : "at least"), b.tops, b.formula});
    report.add("figure16_cv_min", bound.leastCv, "", bound.formula,
               "the least training-throughput spread (population s.d. / mean) the paper's own phase rates allow for "
               "its 8 benchmarks (Figure 16 claims < 6 %)");
    report.add("figure16_cv_min_sample", bound.leastCvSample, "", "the same with the sample s.d. (n − 1)",
               "Figure 16's spread bound with the sample standard deviation");
}

}  // namespace dfl::nt
