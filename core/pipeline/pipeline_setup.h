// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// From validated scenario parameters to a configured pipeline: the config, the partition (the user's or the
// optimiser's) and every closed-form figure the model and the views share.

#include "core/network/network.h"
#include "core/pipeline/pipeline_config.h"
#include "core/pipeline/pipeline_frame.h"
#include "core/sim/params.h"

#include <memory>
#include <string>

namespace dfl {

// The partition from config.partition (names) or, when absent, the optimiser's; then the analysis and sweep.
std::shared_ptr<const PipelineLayout> makePipelineLayout(std::shared_ptr<const Network> network,
                                                         const PipelineConfig& config, const std::string& file);

// The same for an explicit partition (the partition editor's live preview while dragging). `energy`: the table
// already loaded for this scenario; absent, config.energy is loaded (a .json path relative to the working folder).
std::shared_ptr<const PipelineLayout> makePipelineLayout(std::shared_ptr<const Network> network,
                                                         const PipelineConfig& config, const Partition& partition,
                                                         std::shared_ptr<const EnergyTable> energy = nullptr);

}  // namespace dfl
