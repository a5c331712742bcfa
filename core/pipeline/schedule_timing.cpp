// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/schedule_timing.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace dfl {

namespace {

using K = ScheduleOpKind;
using OpKey = std::tuple<int, int, int, int>;  // (kind, stage, micro-batch, chunk)

OpKey key(K kind, int stage, int microBatch, int chunk) { return {int(kind), stage, microBatch, chunk}; }

// What an op waits for besides its stage: the forward of the previous virtual stage (stage S − 1 of the same chunk,
// or the last stage of the previous chunk), its own forward and the next virtual stage's backward, its own B.
std::vector<OpKey> inputsOf(const ProgramOp& op, int stage, int stages, int chunks) {
    switch (op.op) {
    case K::Forward:
        if (stage > 1) return {key(K::Forward, stage - 1, op.microBatch, op.chunk)};
        if (op.chunk > 0) return {key(K::Forward, stages, op.microBatch, op.chunk - 1)};
        return {};
    case K::Backward: {
        std::vector<OpKey> in{key(K::Forward, stage, op.microBatch, op.chunk)};
        if (stage < stages) in.push_back(key(K::Backward, stage + 1, op.microBatch, op.chunk));
        else if (op.chunk + 1 < chunks) in.push_back(key(K::Backward, 1, op.microBatch, op.chunk + 1));
        return in;  // the last virtual stage starts from the loss of its own forward
    }
    case K::WeightGrad: return {key(K::Backward, stage, op.microBatch, op.chunk)};
    case K::Update: return {};  // its stage's program order puts it after the backward passes it applies
    }
    return {};
}

double duration(const ProgramOp& op, const StageOpCosts& c, int chunks, bool split) {
    switch (op.op) {
    case K::Forward: return c.forward / chunks;
    case K::Backward: return (split ? c.backward : c.backward + c.weightGrad) / chunks;
    case K::WeightGrad: return c.weightGrad / chunks;
    case K::Update: return c.update;  // one update of all the stage's chunks
    }
    return 0;
}

}  // namespace

ScheduleTimeline timeSchedule(const std::string& name, int stages, int microBatches, int virtualStages,
                              const std::vector<StageProgram>& programs, const std::vector<StageOpCosts>& costs) {
    if (int(costs.size()) != stages || int(programs.size()) != stages)
        throw std::invalid_argument("one cost and one program per stage needed");
    ScheduleTimeline t;
    t.schedule = name;
    t.stages = stages;
    t.microBatches = microBatches;
    t.virtualStages = virtualStages;
    const bool split = splitsBackward(name);
    std::map<OpKey, double> finished;
    std::vector<size_t> next(size_t(stages), 0);
    std::vector<double> free(size_t(stages), 0);
    size_t remaining = 0;
    for (const StageProgram& p : programs) remaining += p.size();
    while (remaining > 0) {
        bool progress = false;
        for (int s = 1; s <= stages; ++s) {
            const StageProgram& program = programs[size_t(s - 1)];
            for (size_t& i = next[size_t(s - 1)]; i < program.size(); ++i) {
                const ProgramOp& op = program[i];
                double start = free[size_t(s - 1)];
                bool ready = true;
                for (const OpKey& in : inputsOf(op, s, stages, virtualStages)) {
                    const auto f = finished.find(in);
                    if (f == finished.end()) {
                        ready = false;
                        break;
                    }
                    start = std::max(start, f->second);
                }
                if (!ready) break;
                const double end = start + duration(op, costs[size_t(s - 1)], virtualStages, split);
                if (op.op != K::Update) finished[key(op.op, s, op.microBatch, op.chunk)] = end;
                free[size_t(s - 1)] = end;
                t.ops.push_back({s, start, end, op.op, op.microBatch, op.chunk, op.weightVersion});
                --remaining;
                progress = true;
            }
        }
        if (!progress) throw std::logic_error(name + ": the op orders deadlock");
    }
    summarizeTimeline(t);
    return t;
}

void summarizeTimeline(ScheduleTimeline& t) {
    // Stable: a zero-length update stays after the backward pass it follows.
    std::stable_sort(t.ops.begin(), t.ops.end(), [](const ScheduledOp& a, const ScheduledOp& b) {
        return std::tie(a.stage, a.start) < std::tie(b.stage, b.start);
    });
    const bool split = std::any_of(t.ops.begin(), t.ops.end(), [](const ScheduledOp& o) { return o.op == K::WeightGrad; });
    const K releasing = split ? K::WeightGrad : K::Backward;
    double busy = 0;
    t.makespan = 0;
    for (const ScheduledOp& o : t.ops) {
        busy += o.end - o.start;
        t.makespan = std::max(t.makespan, o.end);
    }
    t.bubbleFraction = t.makespan > 0 ? (t.stages * t.makespan - busy) / (t.stages * t.makespan) : 0;
    t.throughputSpeedup = t.makespan > 0 ? busy / t.makespan : 0;

    t.peakActivations.assign(size_t(t.stages), 0);
    t.weightVersions.assign(size_t(t.stages), 1);
    t.staleness.assign(size_t(t.stages), 0);
    for (int s = 1; s <= t.stages; ++s) {
        // Activations: +1 at a forward's start, −1 at the releasing op's end; a release at the same instant first.
        std::vector<std::pair<double, int>> events;
        // Versions, in the stage's own order: what in-flight micro-batches read, and the newest.
        std::map<std::pair<int, int>, int> inFlight;
        int newest = 0, mostVersions = 1, stalest = 0;
        for (const ScheduledOp& o : t.ops) {
            if (o.stage != s) continue;
            if (o.op == K::Forward) {
                events.push_back({o.start, +1});
                inFlight[{o.microBatch, o.chunk}] = o.weightVersion;
                stalest = std::max(stalest, updateOfMicroBatch(t.schedule, o.microBatch, t.stages) - 1 - o.weightVersion);
            }
            if (o.op == releasing) {
                events.push_back({o.end, -1});
                inFlight.erase({o.microBatch, o.chunk});
            }
            if (o.op == K::Update) newest = o.weightVersion;
            std::set<int> versions{newest};
            for (const auto& entry : inFlight) versions.insert(entry.second);
            mostVersions = std::max(mostVersions, int(versions.size()));
        }
        std::sort(events.begin(), events.end());
        int held = 0, peak = 0;
        for (const auto& e : events) peak = std::max(peak, held += e.second);
        t.peakActivations[size_t(s - 1)] = peak;
        t.weightVersions[size_t(s - 1)] = mostVersions;
        t.staleness[size_t(s - 1)] = stalest;
    }
    t.weightVersionsMax = *std::max_element(t.weightVersions.begin(), t.weightVersions.end());
}

}  // namespace dfl
