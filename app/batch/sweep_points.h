// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The points of a sweep: the Cartesian product of the --vary lists, the first --vary outermost, numbered from 1
// (the table's point column and the --out subfolder).

#include "app/batch/sweep_options.h"
#include "core/scenario/scenario.h"

#include <string>
#include <vector>

namespace dfl {

struct SweepPoint {
    int number = 0;                  // 1, 2, ... in sweep order
    std::vector<Override> settings;  // one per varied key, in --vary order
};

// Throws InputError("command line", ...) when the product exceeds maxSweepPoints.
std::vector<SweepPoint> sweepPoints(const std::vector<VariedKey>& varied);
constexpr size_t maxSweepPoints = 10000;

// "params.stages=2, params.batch=8": how errors and progress name a point.
std::string describePoint(const SweepPoint& point);

}  // namespace dfl
