// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Loading a scenario file (docs/architecture.md "Scenario files"): parsed and validated against its module's
// parameter declarations. Every error is an InputError naming the file, the key path and the reason. The Scenario
// value itself is in core/contract, below the modules; this loader is above them (it asks the registry).

#include "core/contract/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace dfl {

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
