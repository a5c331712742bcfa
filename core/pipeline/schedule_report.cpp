// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/schedule_report.h"

#include "core/sim/metrics_json.h"

#include <algorithm>

namespace dfl {

namespace {

std::string n(double value) { return formatNumber(value); }

double busyTime(const ScheduleTimeline& t) {
    double busy = 0;
    for (const ScheduledOp& o : t.ops) busy += o.end - o.start;
    return busy;
}

int maxOf(const std::vector<int>& values) { return values.empty() ? 0 : *std::max_element(values.begin(), values.end()); }

}  // namespace

std::string scheduleTimeUnit(const PipelineConfig& config) { return config.opCosts == OpCostModel::Network ? "ms" : "op"; }

std::string scheduleAssumptionText(const PipelineConfig& config) {
    return "Schedule timelines (" + config.schedule + ", m = " + std::to_string(config.microBatches) + "): " +
           (config.opCosts == OpCostModel::Network
                ? "each op costs its stage's MACs at the worker's throughput (B: input gradients, W: weight gradients; "
                  "one op B + W where the schedule does not split them)"
                : "F = B = W = 1 and U = 0 on every stage") +
           "; an interleaved chunk costs 1/v of its stage; hand-offs take no time except in layer-block, whose cycle is "
           "the slowest stage's F + B + W + U. pipeline_memory_gb and the memory table count layer-block's in-flight "
           "mini-batches; schedule_memory_gb counts the schedule's peak activations and weight versions (docs/schedules.md).";
}

void addScheduleFigures(MetricsReport& r, const PipelineLayout& layout) {
    const ScheduleTimeline& t = *layout.timeline;
    const std::string unit = scheduleTimeUnit(layout.config);
    const std::string shape = t.schedule + ", P = " + std::to_string(t.stages) + ", m = " + std::to_string(t.microBatches) +
                              (t.virtualStages > 1 ? ", v = " + std::to_string(t.virtualStages) : "");
    r.add("makespan", t.makespan, unit, "last op's end (" + shape + ")",
          "time from the first forward pass to the last op of the schedule's timeline");
    const double busy = busyTime(t);
    r.add("bubble_fraction", t.bubbleFraction, "",
          "idle / (P × makespan) = (" + n(t.stages) + " × " + n(t.makespan) + " − " + n(busy) + ") / (" + n(t.stages) +
              " × " + n(t.makespan) + ")",
          "the share of stage time spent waiting");
    for (int s = 1; s <= t.stages; ++s)
        r.add("peak_activations_stage" + std::to_string(s), t.peakActivations[size_t(s - 1)],
              t.virtualStages > 1 ? "micro-batch chunks" : "micro-batches", "counted over the timeline",
              "micro-batches whose activations stage " + std::to_string(s) + " holds at its peak");
    r.add("weight_versions_max", t.weightVersionsMax, "", "counted over the timeline",
          "the most weight versions one stage keeps at once (stashed for in-flight micro-batches, plus the newest)");
    for (int s = 1; s <= t.stages; ++s)
        r.add("staleness_stage" + std::to_string(s), t.staleness[size_t(s - 1)], "updates",
              "max over micro-batches of (sequential SGD's version − the version its forward reads)",
              "updates stage " + std::to_string(s) + "'s forward passes miss");
    r.add("schedule_memory_gb", layout.scheduleMemoryGb, "GB",
          t.schedule == "layer-block" ? "= pipeline_memory_gb" : "Σ stage memory with the schedule's peak and versions",
          "memory of all stages under this schedule (the memory table's accounting)");
}

void addScheduleTables(MetricsReport& r, const PipelineLayout& layout) {
    const std::string unit = scheduleTimeUnit(layout.config);
    Table& ops = r.addTable("ops", {{"stage", ""},
                                    {"start", unit},
                                    {"end", unit},
                                    {"op", ""},
                                    {"micro_batch", ""},
                                    {"chunk", ""},
                                    {"weight_version", ""}});
    for (const ScheduledOp& o : layout.timeline->ops)
        ops.addRow({std::int64_t(o.stage), o.start, o.end, scheduleOpLetter(o.op), std::int64_t(o.microBatch),
                    std::int64_t(o.chunk), std::int64_t(o.weightVersion)});
    if (layout.family.empty()) return;
    Table& s = r.addTable("schedules", {{"schedule", ""},
                                        {"makespan", unit},
                                        {"bubble_fraction", ""},
                                        {"throughput_speedup", "×"},
                                        {"peak_activations_max", "micro-batches"},
                                        {"weight_versions_max", ""},
                                        {"staleness_max", "updates"},
                                        {"memory_gb", "GB"}});
    for (size_t i = 0; i < layout.family.size(); ++i) {
        const ScheduleTimeline& t = *layout.family[i];
        s.addRow({t.schedule, t.makespan, t.bubbleFraction, t.throughputSpeedup, std::int64_t(maxOf(t.peakActivations)),
                  std::int64_t(t.weightVersionsMax), std::int64_t(maxOf(t.staleness)), layout.familyMemoryGb[i]});
    }
}

}  // namespace dfl
