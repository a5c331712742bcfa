// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A scenario as a value (docs/architecture.md "Scenario files"): what a module's create() reads. Loading, checking
// and editing scenario files is core/scenario's job, above the modules; a module only ever receives this value.

#include "core/network/network.h"
#include "core/sim/metrics_report.h"
#include "core/sim/params.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

struct Scenario {
    std::string file;         // where it came from ("" for in-memory)
    std::string name;
    std::string description;  // one line for the scenario browser
    std::string module;
    std::uint64_t seed = 1;
    std::string networkSource;       // builtin name, "inline" or the CSV / JSON path as written
    std::optional<Network> network;  // present when the scenario names one
    Params params;
    std::vector<Reference> references;
    std::string json;  // the (override-applied) JSON text, for sessions and "Save as"
};

}  // namespace dfl
