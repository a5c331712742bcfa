// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two energy parameters every module declares the same way (docs/energy.md): `energy_table` (a built-in
// table's name or a .json file beside the scenario) and `energy_overrides` (["entry=value", ...], each value in
// the entry's own unit). The module's config holds an EnergySelection (energy_table.h).

#include "core/energy/energy_table.h"
#include "core/sim/param_binder.h"

#include <string>
#include <vector>

namespace dfl {

template <class Config>
void bindEnergyParams(ParamBinder<Config>& b, EnergySelection Config::*field) {
    b.bind("energy_table", field, &EnergySelection::table, "",
           "per-operation energy table: a built-in name (horowitz-45nm, neurotrainer-15nm, tdnn-65nm) or a .json "
           "file beside the scenario (docs/energy.md)");
    b.bind("energy_overrides", field, &EnergySelection::overrides, "",
           "entries replaced for this scenario, each \"entry=value\" in the entry's own unit, e.g. "
           "[dram_64b=1300]");
}

// The table the selection names, with its overrides applied, every key in `required` present. Errors name the
// scenario file and params.energy_table / params.energy_overrides[i].
EnergyTable energyTableFor(const EnergySelection& selection, const std::string& scenarioFile,
                           const std::vector<std::string>& required);

}  // namespace dfl
