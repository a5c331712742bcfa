// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "tdnn" module: a binarised network on time-domain delay lines (seed 002, TDNN) and LOGNET quantisation.

#include "core/contract/module_info.h"
#include "core/tdnn/tdnn_experiment.h"

namespace dfl {

ModuleInfo tdnnModuleInfo();

// The experiment configuration a scenario describes (InputError for what the declarations cannot check).
TdnnConfig tdnnConfigFromScenario(const Scenario& scenario);

}  // namespace dfl
