// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_memory_range.h"

#include "core/pipeline/pipeline_costs.h"

#include <algorithm>
#include <limits>

namespace dfl {

MemoryRange memoryRange(const std::shared_ptr<const Network>& network, const PipelineConfig& config,
                        const Partition& partition) {
    MemoryRange range;
    range.pipelineMinGb = range.dataParallelMinGb = std::numeric_limits<double>::infinity();
    range.pipelineMaxGb = range.dataParallelMaxGb = 0;
    for (bool forwardBeforeBackward : {true, false})
        for (StashPolicy stash : {StashPolicy::AllOutputs, StashPolicy::WeightInputs})
            for (bool momentum : {true, false}) {
                PipelineConfig variant = config;
                variant.stages = partition.stages();
                variant.memory.forwardBeforeBackward = forwardBeforeBackward;
                variant.memory.stash = stash;
                variant.memory.momentum = momentum;
                const PipelineCostModel costs(network, variant);
                double pipelineMb = 0;
                for (int s = 0; s < partition.stages(); ++s)
                    pipelineMb += costs.stageMemoryMb(s + 1, partition.firstLayer(s), partition.lastLayer(s));
                const double dataParallelMb = costs.dataParallel().totalMb();
                range.pipelineMinGb = std::min(range.pipelineMinGb, pipelineMb / 1e3);
                range.pipelineMaxGb = std::max(range.pipelineMaxGb, pipelineMb / 1e3);
                range.dataParallelMinGb = std::min(range.dataParallelMinGb, dataParallelMb / 1e3);
                range.dataParallelMaxGb = std::max(range.dataParallelMaxGb, dataParallelMb / 1e3);
            }
    range.accountings = {"in flight per stage 2P−2S+2 (new forward before old backward) or 2P−2S+1",
                         "stash every layer output, or only the inputs of layers with weights (in-place layers)",
                         "SGD momentum counted or not"};
    return range;
}

}  // namespace dfl
