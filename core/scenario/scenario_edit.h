// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Editing a scenario (docs/architecture.md "Scenario files"): every edit — a --set/--unset on the command line, a
// parameter changed in the GUI, that change undone — is an Override applied to the scenario's JSON, which is then
// checked again exactly like a file. So an edit can never make a scenario that a file could not be.

#include "core/scenario/scenario.h"
#include "core/sim/param_spec.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

// Parameter edits by key; std::nullopt removes the key (an optional parameter going back to "absent", any other
// back to its declared default).
using ParamEdits = std::map<std::string, std::optional<ParamValue>>;

// `base` with `overrides` applied in order to its JSON and validated again (throws InputError naming the file, the
// option and the reason). `base` must have come from JSON (a loaded file or text).
Scenario editScenario(const Scenario& base, const std::vector<Override>& overrides);

// The same for parameter edits: each is the override "params.KEY". Removing a key the JSON does not set is no
// change (not an error, unlike --unset): the GUI removes what it shows, which may be the default.
Scenario editScenario(const Scenario& base, const ParamEdits& edits);

}  // namespace dfl
