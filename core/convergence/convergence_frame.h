// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the convergence view draws at one training step: progress and each run's latest point.

#include "core/sim/frame.h"

#include <string>
#include <vector>

namespace dfl {

struct ConvergenceRunStatus {
    std::string name;   // "naive", "p4", …
    std::string label;  // "4-stage pipeline"
    int stages = 0;
    double testError = 0, trainLoss = 0, timeMs = 0;  // at the latest evaluation
    bool reachedTarget = false;
};

struct ConvergenceFrame : Frame {
    std::int64_t totalMiniBatches = 0;  // cycle = mini-batches trained by every run
    int epoch = 0;                      // 1-based epoch of the next mini-batch
    double targetError = 0;
    std::vector<ConvergenceRunStatus> runs;
};

}  // namespace dfl
