// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The `dataflow-lab compare` command line: two configurations of one module, run headless and set side by side
// (the numbers of File → Compare Configurations, core/scenario/comparison_metrics.h).

#include "core/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

struct CompareOptions {
    std::string pathA, pathB;                    // scenario or session files
    std::vector<Override> overridesA, overridesB;  // --set-a and --unset-a, --set-b and --unset-b, in order
    std::optional<std::int64_t> cycles;          // both sides stop there
    bool json = false;
    bool help = false;
};

// args excludes the program name and the word "compare". Throws InputError("command line", arg, reason).
CompareOptions parseCompareOptions(const std::vector<std::string>& args);
std::string compareUsage();

}  // namespace dfl
