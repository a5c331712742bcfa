// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/schedule_model.h"

#include "core/pipeline/pipeline_charts.h"
#include "core/pipeline/pipeline_report.h"
#include "core/sim/serialization.h"

#include <algorithm>
#include <stdexcept>

namespace dfl {

ScheduleModel::ScheduleModel(std::string scenarioName, std::shared_ptr<const PipelineLayout> layout)
    : scenarioName_(std::move(scenarioName)), layout_(std::move(layout)) {
    for (const ScheduledOp& op : layout_->timeline->ops) instants_.push_back(op.start);
    std::sort(instants_.begin(), instants_.end());
    instants_.erase(std::unique(instants_.begin(), instants_.end()), instants_.end());
}

void ScheduleModel::step() {
    if (!done()) ++step_;
}

void ScheduleModel::runUntil(std::int64_t target) { step_ = std::clamp(target, step_, expectedCycles()); }

FramePtr ScheduleModel::frame() const {
    auto f = std::make_shared<PipelineFrame>();
    f->cycle = step_;
    f->layout = layout_;
    const ScheduleTimeline& t = *layout_->timeline;
    f->stages.resize(size_t(t.stages));
    if (step_ == 0) return f;
    const double now = instants_[size_t(step_ - 1)];
    f->scheduleTime = now;
    const bool split = std::any_of(t.ops.begin(), t.ops.end(), [](const ScheduledOp& o) { return o.op == ScheduleOpKind::WeightGrad; });
    const ScheduleOpKind releasing = split ? ScheduleOpKind::WeightGrad : ScheduleOpKind::Backward;
    std::vector<std::vector<std::pair<double, int>>> events(size_t(t.stages));
    for (const ScheduledOp& o : t.ops) {
        StageActivity& a = f->stages[size_t(o.stage - 1)];
        const bool running = o.start == now || (o.start < now && now < o.end);
        if (running && o.op == ScheduleOpKind::Forward) a.forwardMiniBatch = o.microBatch;
        if (running && (o.op == ScheduleOpKind::Backward || o.op == ScheduleOpKind::WeightGrad)) a.backwardMiniBatch = o.microBatch;
        if (o.op == ScheduleOpKind::Forward && o.start <= now) events[size_t(o.stage - 1)].push_back({o.start, +1});
        if (o.op == releasing && o.end <= now) {
            events[size_t(o.stage - 1)].push_back({o.end, -1});
            if (o.stage == 1 && o.chunk == 0) ++f->completedMiniBatches;
        }
    }
    for (size_t s = 0; s < events.size(); ++s) {
        std::sort(events[s].begin(), events[s].end());  // a release before an acquisition at the same instant
        int held = 0;
        for (const auto& e : events[s]) f->stages[s].peakHeld = std::max(f->stages[s].peakHeld, held += e.second);
        f->stages[s].held = held;
    }
    if (f->stages.back().backwardMiniBatch != 0) f->stages.back().errorCalculation = true;
    return f;
}

MetricsReport ScheduleModel::metrics() const { return pipelineReport(scenarioName_, *layout_, nullptr); }

std::vector<ChartSpec> ScheduleModel::charts() const { return pipelineCharts(*layout_); }

std::string ScheduleModel::saveState() const { return serializeToBytes(step_); }

void ScheduleModel::loadState(const std::string& bytes) {
    std::int64_t loaded = 0;
    deserializeFromBytes(bytes, loaded);
    if (loaded < 0 || loaded > expectedCycles()) throw std::invalid_argument("schedule state out of range");
    step_ = loaded;
}

}  // namespace dfl
