// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The tdnn module's clocked model. Its clock steps the race of one neuron (cycle-level, what the view animates);
// the whole network, the sweeps and LOGNET come from the event-level experiment (tdnn_experiment.h), computed
// when the model is built and reported by metrics() and charts().

#include "core/energy/energy_table.h"
#include "core/sim/clocked_model.h"
#include "core/tdnn/tdnn_experiment.h"
#include "core/tdnn/tdnn_frame.h"

#include <memory>

namespace dfl {

struct RaceSelection {
    int neuron = 0, image = 0, chip = 0;
};

class TdnnModel final : public ClockedModel {
public:
    TdnnModel(std::string scenarioName, std::shared_ptr<const TdnnResults> results, RaceSelection selection,
              std::shared_ptr<const EnergyTable> energy);

    void reset() override;
    void step() override;
    std::int64_t cycle() const override { return state_.chain.stage; }
    bool done() const override { return state_.chain.decided; }
    std::int64_t expectedCycles() const override { return setup_->stages() + 1; }
    FramePtr frame() const override;
    MetricsReport metrics() const override;
    std::vector<ChartSpec> charts() const override;
    Trace trace() const override;  // tdnn_trace.cpp
    std::string saveState() const override;
    void loadState(const std::string& bytes) override;

    const RaceSetup& setup() const { return *setup_; }

private:
    struct State {
        DelayChainState chain;
        std::vector<double> topTimes{0.0}, bottomTimes{0.0};
        template <class Archive> void serialize(Archive& ar, unsigned) { ar & chain & topTimes & bottomTimes; }
    };
    std::string scenarioName_;
    std::shared_ptr<const TdnnResults> results_;
    std::shared_ptr<const RaceSetup> setup_;
    MetricsReport report_;
    std::vector<ChartSpec> charts_;
    State state_;
};

std::vector<std::string> fashionMnistClassNames();

}  // namespace dfl
