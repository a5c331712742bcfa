// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The `dataflow-lab sweep` command line: one scenario run over the Cartesian product of --vary value lists.

#include "core/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

// One --vary: a key path, as --set takes it, and the values it takes in turn (each in --set's value syntax).
struct VariedKey {
    std::string keyPath;
    std::vector<std::string> values;
};

struct SweepOptions {
    std::string scenarioPath;         // a scenario or a session file
    std::vector<VariedKey> varied;    // the first is the outermost loop
    std::vector<Override> overrides;  // --set and --unset, in order: the same for every point, applied first
    std::optional<std::int64_t> cycles;
    std::string outDir;
    bool json = false;
    int jobs = 1;  // points run at once
    std::string planDir;     // --plan DIR: write one batch command per point instead of running (sweep_cluster.h)
    std::string collectDir;  // --collect DIR: the table from a plan's finished points
    bool help = false;
};

// "v1,v2,..." split on the commas that stand outside brackets ([] and {}) and outside double quotes, so
// `[conv2,fc3],[fc3]` is two values and `"a,b",c` two strings; each value is trimmed of spaces. `option` names
// the argument in errors: an empty list or value, or an unbalanced bracket or quote, is an InputError.
std::vector<std::string> splitVaryValues(const std::string& list, const std::string& option);

// args excludes the program name and the word "sweep". Throws InputError("command line", arg, reason).
SweepOptions parseSweepOptions(const std::vector<std::string>& args);
std::string sweepUsage();

}  // namespace dfl
