#pragma once
// A scenario file (DESIGN.md "Scenario files") parsed and validated against its module's parameter
// declarations. Every error is an InputError naming the file, the key path and the reason.

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

// "--set a.b.c=value": value is JSON when it parses as such, `[x,y]` with bare words is a list of strings or
// numbers, anything else a string.
struct Override {
    std::string keyPath;
    std::string value;
};
Override parseOverride(const std::string& assignment);  // throws InputError on a missing '='

Scenario loadScenarioFile(const std::string& path, const std::vector<Override>& overrides = {});
Scenario loadScenarioText(const std::string& jsonText, const std::string& file,
                          const std::vector<Override>& overrides = {});

}  // namespace dfl
