#pragma once
// The "pipeline" module: layer-block-wise pipeline training (seeds 000/001) against data parallelism.

#include "core/contract/module_info.h"

namespace dfl {

ModuleInfo pipelineModuleInfo();

}  // namespace dfl
