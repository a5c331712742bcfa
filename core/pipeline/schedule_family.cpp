// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/schedule_family.h"

#include "core/pipeline/schedule_layer_block.h"
#include "core/pipeline/schedule_orders.h"
#include "core/pipeline/schedule_timing.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

namespace dfl {

std::vector<StageOpCosts> uniformOpCosts(int stages) { return std::vector<StageOpCosts>(size_t(std::max(stages, 0))); }

const std::vector<std::string>& scheduleNames() {
    static const std::vector<std::string> names{"layer-block", "gpipe",     "1f1b",         "interleaved-1f1b",
                                                "zb-h1",       "pipedream", "pipedream-2bw"};
    return names;
}

bool isScheduleName(const std::string& name) {
    const auto& names = scheduleNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool isSynchronousSchedule(const std::string& name) {
    return name == "gpipe" || name == "1f1b" || name == "interleaved-1f1b" || name == "zb-h1";
}

std::string scheduleOpLetter(ScheduleOpKind op) {
    switch (op) {
    case ScheduleOpKind::Forward: return "F";
    case ScheduleOpKind::Backward: return "B";
    case ScheduleOpKind::WeightGrad: return "W";
    case ScheduleOpKind::Update: return "U";
    }
    return "?";
}

ScheduleTimeline generateSchedule(const std::string& name, int stages, int microBatches, int virtualStages,
                                  const std::vector<StageOpCosts>& costs, bool forwardBeforeBackward) {
    if (!isScheduleName(name)) throw std::invalid_argument("unknown schedule '" + name + "'");
    if (int(costs.size()) != stages) throw std::invalid_argument("one cost per stage needed");
    if (name == "layer-block") return layerBlockTimeline(stages, microBatches, costs, forwardBeforeBackward);
    const int v = name == "interleaved-1f1b" ? virtualStages : 1;
    return timeSchedule(name, stages, microBatches, v, scheduleProgram(name, stages, microBatches, v), costs);
}

std::string scheduleDependencyViolation(const ScheduleTimeline& t) {
    using K = ScheduleOpKind;
    std::map<std::tuple<int, int, int, int>, const ScheduledOp*> byKey;  // (kind, stage, micro-batch, chunk)
    const std::string where = t.schedule + ": ";
    auto name = [](const ScheduledOp& o) {
        return scheduleOpLetter(o.op) + std::to_string(o.microBatch) + "." + std::to_string(o.chunk) + " at stage " +
               std::to_string(o.stage);
    };
    for (size_t i = 0; i < t.ops.size(); ++i) {
        const ScheduledOp& o = t.ops[i];
        if (o.end < o.start) return where + name(o) + " ends before it starts";
        if (i > 0 && t.ops[i - 1].stage == o.stage && t.ops[i - 1].end > o.start)
            return where + name(t.ops[i - 1]) + " and " + name(o) + " overlap";
        if (o.op == K::Update) continue;
        if (!byKey.emplace(std::make_tuple(int(o.op), o.stage, o.microBatch, o.chunk), &o).second)
            return where + name(o) + " runs twice";
    }
    const bool split = std::any_of(t.ops.begin(), t.ops.end(), [](const ScheduledOp& o) { return o.op == K::WeightGrad; });
    auto find = [&](K kind, int stage, int mb, int chunk) -> const ScheduledOp* {
        const auto f = byKey.find({int(kind), stage, mb, chunk});
        return f == byKey.end() ? nullptr : f->second;
    };
    const int P = t.stages, v = t.virtualStages;
    for (int mb = 1; mb <= t.microBatches; ++mb)
        for (int c = 0; c < v; ++c)
            for (int s = 1; s <= P; ++s) {
                const std::string op = std::to_string(mb) + "." + std::to_string(c) + " at stage " + std::to_string(s);
                const ScheduledOp* f = find(K::Forward, s, mb, c);
                const ScheduledOp* b = find(K::Backward, s, mb, c);
                const ScheduledOp* w = find(K::WeightGrad, s, mb, c);
                if (!f || !b || (split && !w)) return where + "F, B" + (split ? ", W " : " ") + op + " missing";
                if (f->end > b->start) return where + "B" + op + " before its F ends";
                if (w && b->end > w->start) return where + "W" + op + " before its B ends";
                // The previous virtual stage's F and the next one's B (stage S ± 1, or across the chunk boundary).
                const ScheduledOp* before = s > 1 ? find(K::Forward, s - 1, mb, c) : c > 0 ? find(K::Forward, P, mb, c - 1) : nullptr;
                if (before && before->end > f->start) return where + "F" + op + " before the previous stage's F ends";
                const ScheduledOp* after = s < P ? find(K::Backward, s + 1, mb, c) : c + 1 < v ? find(K::Backward, 1, mb, c + 1) : nullptr;
                if (after && after->end > b->start) return where + "B" + op + " before the next stage's B ends";
            }
    return {};
}

}  // namespace dfl
