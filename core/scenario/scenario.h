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
// numbers, anything else a string. "--unset a.b.c" (no value) removes the key, so a scenario that fixes an
// optional value (e.g. params.partition) can fall back to what absence means (the optimiser's partition) or a
// parameter to its declared default. Overrides apply in order; removing a key the scenario lacks, or one no
// scenario may lack (name, module, a network its module needs, a required parameter), is an InputError.
struct Override {
    std::string keyPath;
    std::optional<std::string> value;  // std::nullopt: remove the key
};
Override parseOverride(const std::string& assignment);  // throws InputError on a missing '='
Override parseUnset(const std::string& keyPath);         // throws InputError on an empty key path

Scenario loadScenarioFile(const std::string& path, const std::vector<Override>& overrides = {});
Scenario loadScenarioText(const std::string& jsonText, const std::string& file,
                          const std::vector<Override>& overrides = {});

}  // namespace dfl
