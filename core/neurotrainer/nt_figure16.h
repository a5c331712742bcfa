// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Figure 16's claim — training throughput with "standard deviations less than 6% of average" over the paper's eight
// benchmarks — tested against the paper's own per-phase rates (NeuroTrainer §5.1, Figure 13's text), not against
// our model. Training runs forward, backward and update with equal operations per layer, so a network's training
// rate is the op-weighted harmonic mean of its phase rates. An all-FC network (MLP0, and the GRU, "six fully
// connected layers ... and one fully connected layer") cannot beat the FC rates; VGG cannot fall below the worst
// CONV rates. With the published average (1.89 TOPS, §5.2) fixed, the least spread any eight benchmarks with those
// members can have follows in closed form.

#include "core/network/network.h"
#include "core/sim/metrics_report.h"

#include <string>
#include <vector>

namespace dfl::nt {

// A benchmark's training rate bounded from one side by the paper's phase rates.
struct TrainingRateBound {
    std::string network;
    bool upper = true;   // true: at most `tops`; false: at least
    double tops = 0;
    std::string formula;
};

struct Figure16Bound {
    std::vector<TrainingRateBound> bounds;
    int benchmarks = 8;          // Table 5 / Table 6: "averaged across 8 benchmarks"
    double publishedMean = 1.89; // §5.2: "delivers 1.89 TFLOPS"
    double leastCv = 0;          // population s.d. / mean, the least the bounds allow
    double leastCvSample = 0;    // the same with the sample s.d. (n − 1)
    std::string formula;
};

// The best an all-FC network can train at: 3 / (1/4.7 + 1/2.4 + 1/1.02) TOPS.
TrainingRateBound allFcUpperBound(const std::string& name);
// The least a CONV network can train at: its MACs split into the first CONV layer (C1's backward rate 1.19),
// the other CONV layers (backward above FC3's 1.61: "FC3 ... and C1 ... show lower throughput than others") and
// FC layers (FC update 1.02), forward at the lowest 4.2 and CONV update at 1.98.
TrainingRateBound convLowerBound(const std::string& name, const Network& network);

// The paper's layer rates are measured on AlexNet's layers, so the lower bound is claimed only for networks built
// of the same kinds: after the first, every CONV layer 3 × 3, stride 1, ungrouped (AlexNet's C3–C5), plus FC
// layers — VGG. Not for 1 × 1, 7 × 7, strided or grouped convolutions (ResNet, Inception, AlexNet itself).
bool boundedByAlexNetLayerRates(const Network& network);
// No CONV layer, at least one FC layer.
bool allFullyConnected(const Network& network);

Figure16Bound figure16Bound(const std::vector<TrainingRateBound>& bounds, int benchmarks = 8, double publishedMean = 1.89);

// Adds the bounds as a table ("figure16_bound") and figure16_cv_min / figure16_cv_min_sample to the report.
void addFigure16Bound(MetricsReport& report, const Figure16Bound& bound);

}  // namespace dfl::nt
