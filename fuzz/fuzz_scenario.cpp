// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a scenario file plus --set/--unset overrides. The input is the scenario JSON, optionally
// followed by a line "--" and one override per line ("key.path=value" sets, "-key.path" unsets).
#include "fuzz/fuzz_support.h"

#include "core/scenario/scenario.h"

#include <sstream>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dfl::fuzz::ensureQtCore();
    dfl::fuzz::expectInputErrorsOnly([&] {
        std::string text(reinterpret_cast<const char*>(data), size);
        std::vector<dfl::Override> overrides;
        const std::size_t split = text.find("\n--\n");
        if (split != std::string::npos) {
            std::istringstream lines(text.substr(split + 4));
            std::string line;
            while (std::getline(lines, line) && overrides.size() < 16) {
                if (line.empty()) continue;
                overrides.push_back(line[0] == '-' ? dfl::parseUnset(line.substr(1)) : dfl::parseOverride(line));
            }
            text.resize(split);
        }
        (void)dfl::loadScenarioText(text, "fuzz-scenario.json", overrides);
    });
    return 0;
}
