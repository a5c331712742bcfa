// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "pipeline" module: layer-block-wise pipeline training (seeds 000/001) against data parallelism.

#include "core/contract/module_info.h"
#include "core/pipeline/pipeline_config.h"
#include "core/sim/params.h"

namespace dfl {

ModuleInfo pipelineModuleInfo();

// The configuration validated parameters ask for (checked against pipelineModuleInfo().params).
PipelineConfig pipelineConfigFrom(const Params& params);

}  // namespace dfl
