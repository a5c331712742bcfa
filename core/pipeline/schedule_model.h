// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A schedule of the family other than layer-block, stepped on its timeline: each step moves to the next instant at
// which some stage starts an op, and the frame shows what every stage runs then. The timeline itself is computed
// once (layout->timeline); stepping only chooses which instant the views show.

#include "core/pipeline/pipeline_frame.h"
#include "core/sim/clocked_model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dfl {

class ScheduleModel final : public ClockedModel {
public:
    ScheduleModel(std::string scenarioName, std::shared_ptr<const PipelineLayout> layout);

    void reset() override { step_ = 0; }
    void step() override;
    void runUntil(std::int64_t target) override;
    std::int64_t cycle() const override { return step_; }
    bool done() const override { return step_ >= std::int64_t(instants_.size()); }
    std::int64_t expectedCycles() const override { return std::int64_t(instants_.size()); }

    FramePtr frame() const override;
    MetricsReport metrics() const override;
    std::vector<ChartSpec> charts() const override;

    std::string saveState() const override;
    void loadState(const std::string& bytes) override;

    const PipelineLayout& layout() const { return *layout_; }

private:
    std::string scenarioName_;
    std::shared_ptr<const PipelineLayout> layout_;
    std::vector<double> instants_;  // distinct op start times, ascending
    std::int64_t step_ = 0;         // instants shown so far; frame() shows instants_[step_ − 1]
};

}  // namespace dfl
