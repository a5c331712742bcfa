// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The talk's memory figures (KobePipeline, "Convergence speed vs hardware cost": 2.25 GB pipeline, 3.82 GB
// multithread) come without their accounting. The configured accounting is one choice and an upper bound; this is
// the range over the documented choices it leaves open, so a check can ask whether the published figure is one
// of them rather than tune a single accounting to match.

#include "core/network/network.h"
#include "core/pipeline/partition.h"
#include "core/pipeline/pipeline_config.h"

#include <memory>
#include <string>
#include <vector>

namespace dfl {

struct MemoryRange {
    double pipelineMinGb = 0, pipelineMaxGb = 0;
    double dataParallelMinGb = 0, dataParallelMaxGb = 0;
    std::vector<std::string> accountings;  // what was varied, for the report
};

// Every combination of: in-flight mini-batches per stage 2P−2S+2 (forward before backward) or 2P−2S+1; every layer
// output stashed or only the inputs of layers with weights (in-place ReLU, LRN, pooling, dropout); SGD momentum
// counted or not. The other switches stay as `config` sets them. Same partition throughout.
MemoryRange memoryRange(const std::shared_ptr<const Network>& network, const PipelineConfig& config,
                        const Partition& partition);

}  // namespace dfl
