// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "neurotrainer" module: parameters (each declared once) and the factory of its clocked model.

#include "core/contract/module_info.h"

namespace dfl {

ModuleInfo neurotrainerModuleInfo();

}  // namespace dfl
