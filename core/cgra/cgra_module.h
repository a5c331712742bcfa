// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "cgra" module: parameters (declared once) and the factory from a validated scenario.

#include "core/cgra/cgra_config.h"
#include "core/contract/module_info.h"
#include "core/sim/params.h"

namespace dfl {

ModuleInfo cgraModuleInfo();

// The configuration validated parameters ask for (checked against cgraModuleInfo().params).
cgra::CgraConfig cgraConfigFrom(const Params& params);

}  // namespace dfl
