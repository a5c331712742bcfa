// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "convergence" module: real training on Fashion-MNIST with the layer-block-wise pipeline's stale weights,
// naive SGD against 2-, 4- and 8-stage pipelines (seed 001, "Training convergences evaluation").

#include "core/contract/module_info.h"

namespace dfl {

ModuleInfo convergenceModuleInfo();

}  // namespace dfl
