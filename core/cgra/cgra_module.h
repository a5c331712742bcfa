#pragma once
// The "cgra" module: parameters (declared once) and the factory from a validated scenario.

#include "core/cgra/cgra_config.h"
#include "core/contract/module_info.h"

namespace dfl {

ModuleInfo cgraModuleInfo();

// The configuration a scenario asks for (params already validated against cgraModuleInfo().params).
cgra::CgraConfig cgraConfigFrom(const Scenario& scenario);

}  // namespace dfl
