// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the shipped scenarios live: $DFL_SCENARIOS_DIR, then the installed share folder, then the source tree.

#include <string>

namespace dfl {

std::string scenariosDirectory();
std::string defaultScenarioPath();  // the scenario the app opens first

}  // namespace dfl
