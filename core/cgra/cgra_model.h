// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The CGRA module's clocked model: the cycle-stepped array runs the scenario's focus layer (what the views
// animate), while the closed form covers the whole network for the report and the charts.

#include "core/cgra/cgra_array.h"
#include "core/cgra/cgra_config.h"
#include "core/energy/energy_table.h"
#include "core/sim/clocked_model.h"

#include <memory>
#include <string>
#include <vector>

namespace dfl::cgra {

class CgraModel final : public ClockedModel {
public:
    // `layers` are the network's conv and fc layers in order; `focus` indexes the one the array runs.
    // `energy`: the table the report prices the counters with (cgra_energy.h).
    CgraModel(std::string scenarioName, std::string networkName, CgraConfig config, std::vector<CgraLayer> layers,
              int focus, std::shared_ptr<const EnergyTable> energy);

    void reset() override { array_.reset(); }
    void step() override { array_.step(); }
    void runUntil(std::int64_t target) override { array_.runUntil(target); }
    std::int64_t cycle() const override { return array_.cycle(); }
    bool done() const override { return array_.done(); }
    std::int64_t expectedCycles() const override { return array_.totalCycles(); }

    FramePtr frame() const override;
    MetricsReport metrics() const override;
    std::vector<ChartSpec> charts() const override;
    Trace trace() const override;  // cgra_trace.cpp

    std::string saveState() const override;
    void loadState(const std::string& bytes) override;

    const CgraArray& array() const { return array_; }
    const std::vector<CgraLayer>& layers() const { return layers_; }

private:
    std::string scenarioName_, networkName_;
    CgraConfig config_;
    std::vector<CgraLayer> layers_;
    int focus_;
    std::shared_ptr<const EnergyTable> energy_;
    CgraArray array_;
};

}  // namespace dfl::cgra
