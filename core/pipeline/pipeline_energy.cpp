// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/pipeline_energy.h"

namespace dfl {

namespace {

MacEntries valueMac(const PipelineConfig& config) { return macEntries(config.bytesPerValue * 8, true); }

void chargeMacs(EnergyAccount& a, const PipelineConfig& config, double forward, double backward, double update) {
    const MacEntries mac = valueMac(config);
    const std::vector<std::pair<std::string, double>> both{{mac.mult, 1}, {mac.add, 1}};
    a.charge("forward MACs", forward, "MAC", both);
    a.charge("backward MACs", backward, "MAC", both);
    a.charge("weight-update MACs", update, "MAC", both);
}

// Every bit crosses one link, is read from DRAM where it was and written to DRAM where it goes.
void chargeTransfer(EnergyAccount& a, double megabytes) {
    const double bits = megabytes * 1e6 * 8;
    a.chargeBits("transfers: off-chip link", bits, "bit", "offchip_link_bit", 1);
    a.chargeBits("transfers: DRAM read + write", 2 * bits, "bit", "dram_64b", 1);
}

}  // namespace

std::vector<std::string> pipelineEnergyEntries(const PipelineConfig& config) {
    const MacEntries mac = valueMac(config);
    return {mac.mult, mac.add, "offchip_link_bit", "dram_64b"};
}

PipelineEnergy pipelineEnergy(const PipelineLayout& layout) {
    const PipelineConfig& config = layout.config;
    const PipelineAnalysis& a = *layout.analysis;
    PipelineEnergy e{{}, EnergyAccount(layout.energy), EnergyAccount(layout.energy)};
    double forward = 0, backward = 0, update = 0;
    for (const StageCost& c : a.stages) {
        EnergyAccount s(layout.energy);
        const double updateMacs = double(c.params) * config.updateMacsPerWeight;
        chargeMacs(s, config, double(c.forwardMacs), double(c.backwardMacs), updateMacs);
        // In: the input batch (stage 1) or the previous stage's activations; out again: their gradients (not stage 1).
        chargeTransfer(s, c.inputMb + (c.stage > 1 ? c.inputMb : 0));
        forward += double(c.forwardMacs), backward += double(c.backwardMacs), update += updateMacs;
        e.pipeline += s;
        e.stages.push_back(std::move(s));
    }
    chargeMacs(e.dataParallel, config, forward, backward, update);
    chargeTransfer(e.dataParallel, a.dataParallel.trafficMbPerBatch);
    return e;
}

}  // namespace dfl
