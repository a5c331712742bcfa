// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pipeline's operations priced by the energy model (docs/energy.md "Pipeline"), per mini-batch: each stage's
// forward, backward and weight-update MACs at the value width (float16 up to 2 bytes, float32 above), and every
// transferred bit — activations and gradients across stage boundaries (and the input batch), or the data-parallel
// W down and dW up — through an off-chip link, read from DRAM at the sender and written to DRAM at the receiver.
// The MACs are the same in both schemes; the transfers follow the traffic figures the report already gives.

#include "core/energy/energy_account.h"
#include "core/pipeline/pipeline_frame.h"

#include <string>
#include <vector>

namespace dfl {

struct PipelineEnergy {
    std::vector<EnergyAccount> stages;  // [stage − 1]: its MACs and the transfers into and out of it
    EnergyAccount pipeline;             // Σ stages
    EnergyAccount dataParallel;         // the same MACs, and 2·n·W of transfers
};

std::vector<std::string> pipelineEnergyEntries(const PipelineConfig& config);
PipelineEnergy pipelineEnergy(const PipelineLayout& layout);

}  // namespace dfl
