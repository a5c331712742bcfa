// SPDX-License-Identifier: GPL-3.0-or-later
// The schedule family (docs/schedules.md): dependencies of every schedule, the closed forms with uniform costs as
// exact rationals, the op orders of gpipe, 1f1b and interleaved-1f1b against PyTorch's (golden files), the
// layer-block timeline against PipelineSchedule's delays, and weight versions and staleness of the asynchronous ones.
#include "core/pipeline/pipeline_schedule.h"
#include "core/pipeline/schedule_family.h"

#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace dfl;

namespace {

// A time of the uniform cost model scaled to an integer: every op costs 1/v, so v × t must be whole. The closed forms
// are then checked on integers — exactly, not within a tolerance.
std::int64_t whole(double scaled) {
    if (std::floor(scaled) != scaled) throw std::logic_error("time not a whole multiple of the op unit");
    return std::int64_t(scaled);
}

struct Exact {
    std::int64_t makespan = 0, busy = 0;  // × v
};

Exact exact(const ScheduleTimeline& t) {
    Exact e;
    double busy = 0;
    for (const ScheduledOp& o : t.ops) busy += o.end - o.start;
    e.makespan = whole(t.makespan * t.virtualStages);
    e.busy = whole(busy * t.virtualStages);
    return e;
}

// bubble = idle / (P × makespan) equals num / den, cross-multiplied in integers.
bool bubbleIs(const ScheduleTimeline& t, std::int64_t num, std::int64_t den) {
    const Exact e = exact(t);
    const std::int64_t P = t.stages, idle = P * e.makespan - e.busy;
    return idle * den == num * P * e.makespan;
}

// Unequal stages and F ≠ B ≠ W, so that no rule holds by symmetry alone.
std::vector<StageOpCosts> skewedCosts(int stages) {
    std::vector<StageOpCosts> c;
    for (int s = 1; s <= stages; ++s) c.push_back({1.0 + 0.25 * (s % 3), 1.5 + 0.5 * (s % 2), 0.75 + 0.125 * s, 0.25});
    return c;
}

std::map<int, std::string> goldenOrders(const std::string& file) {
    std::ifstream in(std::string(DFL_SOURCE_DIR) + "/tests/pipeline/golden/" + file);
    if (!in) throw std::runtime_error("missing golden file " + file);
    std::map<int, std::string> orders;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        int stage = 0;
        if (std::sscanf(line.c_str(), "stage %d:", &stage) != 1) throw std::runtime_error("bad golden line " + line);
        orders[stage] = line.substr(line.find(':') + 2);
    }
    return orders;
}

std::string orderOf(const ScheduleTimeline& t, int stage) {
    std::string text;
    for (const ScheduledOp& o : t.ops) {
        if (o.stage != stage || o.op == ScheduleOpKind::Update) continue;
        // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on "." + std::to_string.
        if (!text.empty()) text += ' ';
        text += scheduleOpLetter(o.op);
        text += std::to_string(o.microBatch);
        if (t.virtualStages > 1) {
            text += '.';
            text += std::to_string(o.chunk);
        }
    }
    return text;
}

}  // namespace

class TestScheduleFamily : public QObject {
    Q_OBJECT
private slots:
    void dependenciesHoldForEverySchedule() {
        for (const std::string& name : scheduleNames())
            for (int p : {1, 2, 3, 4, 8})
                for (int m : {1, 3, 4, 8, 12})
                    for (int v : {1, 2, 3})
                        for (bool skewed : {false, true}) {
                            if (name == "interleaved-1f1b" && m % std::max(1, m / p) != 0) continue;
                            const auto costs = skewed ? skewedCosts(p) : uniformOpCosts(p);
                            const ScheduleTimeline t = generateSchedule(name, p, m, v, costs);
                            const std::string violation = scheduleDependencyViolation(t);
                            QVERIFY2(violation.empty(), (violation + " (P " + std::to_string(p) + ", m " +
                                                         std::to_string(m) + ", v " + std::to_string(v) + ")").c_str());
                            QCOMPARE(t.virtualStages, name == "interleaved-1f1b" ? v : 1);
                        }
    }

    void checkerCatchesABrokenTimeline() {
        ScheduleTimeline t = generateSchedule("1f1b", 3, 4, 1, uniformOpCosts(3));
        for (ScheduledOp& o : t.ops)
            if (o.stage == 2 && o.op == ScheduleOpKind::Backward && o.microBatch == 1) o.start -= 0.5;  // before S3's B
        QVERIFY(!scheduleDependencyViolation(t).empty());
    }

    // With uniform costs (F = B = W = 1 for a whole stage; a chunk of v costs 1/v of each, so every schedule does the
    // same work per micro-batch) the published closed forms, exactly.
    void closedFormsWithUniformCosts() {
        for (int P : {2, 4, 8})
            for (int m : {4, 8, 16, 32}) {
                const auto costs = uniformOpCosts(P);
                for (const std::string name : {"gpipe", "1f1b"}) {
                    const ScheduleTimeline t = generateSchedule(name, P, m, 1, costs);
                    QVERIFY2(bubbleIs(t, P - 1, m + P - 1), (name + " P " + std::to_string(P) + " m " + std::to_string(m)).c_str());
                    for (int s = 1; s <= P; ++s)
                        QCOMPARE(t.peakActivations[size_t(s - 1)], name == std::string("gpipe") ? m : std::min(m, P - s + 1));
                }
                // Megatron's interleaved bubble and ZB-H1's assume enough micro-batches to fill the pipeline (m ≥ P:
                // Megatron even asks m to be a multiple of P). Below that the critical path of one micro-batch is
                // longer than the closed form's makespan (ZB-H1: m + 2P > 3m + P − 1 when 2m < P + 1), so the
                // bubble is larger — checked as such.
                for (int v : {2, 4}) {
                    const ScheduleTimeline t = generateSchedule("interleaved-1f1b", P, m, v, costs);
                    if (m >= P) QVERIFY2(bubbleIs(t, P - 1, v * m + P - 1), ("interleaved P " + std::to_string(P) + " m " + std::to_string(m) + " v " + std::to_string(v)).c_str());
                    else QVERIFY(t.bubbleFraction > double(P - 1) / double(v * m + P - 1));
                }
                const ScheduleTimeline zb = generateSchedule("zb-h1", P, m, 1, costs);
                if (m >= P) {
                    QVERIFY2(bubbleIs(zb, P - 1, 3 * m + P - 1), ("zb-h1 P " + std::to_string(P) + " m " + std::to_string(m)).c_str());
                    // "Memory as 1F1B": W keeps a micro-batch's activations, so each stage may hold P, never more —
                    // the most 1F1B holds anywhere (its first stage).
                    for (int s = 1; s <= P; ++s) QVERIFY(zb.peakActivations[size_t(s - 1)] <= P);
                } else {
                    QVERIFY(zb.bubbleFraction > double(P - 1) / double(3 * m + P - 1));
                }
            }
    }

    void opOrdersEqualPyTorchs() {
        const auto costs = uniformOpCosts(4);
        const std::vector<std::pair<std::string, std::string>> cases{
            {"gpipe", "gpipe-p4-m8.txt"}, {"1f1b", "1f1b-p4-m8.txt"}, {"interleaved-1f1b", "interleaved-1f1b-p4-m8-v2.txt"}};
        for (const auto& [name, file] : cases) {
            const ScheduleTimeline t = generateSchedule(name, 4, 8, 2, costs);
            const auto golden = goldenOrders(file);
            QCOMPARE(int(golden.size()), 4);
            for (int s = 1; s <= 4; ++s) QCOMPARE(QString::fromStdString(orderOf(t, s)), QString::fromStdString(golden.at(s)));
        }
    }

    // layer-block is read off PipelineSchedule: a cycle is as long as the slowest F + B + W + U, and the update of a
    // micro-batch lands 2P − 2S + 1 cycles after its forward — today's delays.
    void layerBlockKeepsTodaysDelays() {
        for (int P : {1, 2, 4, 8}) {
            const int m = 3 * P;
            const auto costs = skewedCosts(P);
            double cycle = 0;
            for (const StageOpCosts& c : costs) cycle = std::max(cycle, c.forward + c.backward + c.weightGrad + c.update);
            const ScheduleTimeline t = generateSchedule("layer-block", P, m, 1, costs);
            const PipelineSchedule schedule(P, m);
            std::map<std::pair<int, int>, std::int64_t> forwardCycle, updateCycle;
            for (const ScheduledOp& o : t.ops) {
                const std::int64_t c = std::int64_t(std::floor(o.start / cycle)) + 1;
                if (o.op == ScheduleOpKind::Forward) forwardCycle[{o.stage, o.microBatch}] = c;
                if (o.op == ScheduleOpKind::Update) updateCycle[{o.stage, o.microBatch}] = c;
            }
            for (int s = 1; s <= P; ++s) {
                for (int mb = 1; mb <= m; ++mb) {
                    QCOMPARE(forwardCycle.at({s, mb}), schedule.forwardCycle(mb, s));
                    QCOMPARE(updateCycle.at({s, mb}) - forwardCycle.at({s, mb}), std::int64_t(2 * P - 2 * s + 1));
                }
                QCOMPARE(t.peakActivations[size_t(s - 1)], schedule.peakInFlight(s, true));
                QCOMPARE(t.staleness[size_t(s - 1)], 2 * P - 2 * s);  // the forward misses the 2P − 2S updates in flight
            }
            QCOMPARE(t.weightVersionsMax, 1);
            QVERIFY(scheduleDependencyViolation(t).empty());
        }
    }

    void versionsAndStaleness() {
        for (int P : {2, 4, 8}) {
            const int m = 4 * P;
            const auto costs = uniformOpCosts(P);
            for (const std::string name : {"gpipe", "1f1b", "interleaved-1f1b", "zb-h1"}) {
                const ScheduleTimeline t = generateSchedule(name, P, m, 2, costs);
                QCOMPARE(t.weightVersionsMax, 1);  // one update after the flush: every pass reads version 0
                for (int s = 1; s <= P; ++s) QCOMPARE(t.staleness[size_t(s - 1)], 0);
            }
            // PipeDream: an update per micro-batch, P − S + 1 in flight at stage S, each with its stashed version.
            const ScheduleTimeline pd = generateSchedule("pipedream", P, m, 1, costs);
            QCOMPARE(pd.weightVersionsMax, P);
            for (int s = 1; s <= P; ++s) {
                QCOMPARE(pd.staleness[size_t(s - 1)], P - s);
                QCOMPARE(pd.weightVersions[size_t(s - 1)], P - s + 1);
            }
            // PipeDream-2BW: an update per P micro-batches, read one version late at every stage: two buffers.
            const ScheduleTimeline bw = generateSchedule("pipedream-2bw", P, m, 1, costs);
            QCOMPARE(bw.weightVersionsMax, 2);
            for (int s = 1; s <= P; ++s) QCOMPARE(bw.staleness[size_t(s - 1)], 1);
        }
    }

    void opsAreSortedAndUpdatesCounted() {
        for (const std::string& name : scheduleNames()) {
            const ScheduleTimeline t = generateSchedule(name, 4, 8, 2, skewedCosts(4));
            for (size_t i = 1; i < t.ops.size(); ++i)
                QVERIFY(std::tie(t.ops[i - 1].stage, t.ops[i - 1].start) <= std::tie(t.ops[i].stage, t.ops[i].start));
            int updates = 0;
            for (const ScheduledOp& o : t.ops) updates += o.op == ScheduleOpKind::Update && o.stage == 1;
            const int expected = isSynchronousSchedule(name) ? 1 : name == "pipedream-2bw" ? 2 : 8;
            QCOMPARE(updates, expected);
            QVERIFY(t.throughputSpeedup > 0 && t.throughputSpeedup <= 4);
            QVERIFY(t.bubbleFraction >= 0 && t.bubbleFraction < 1);
        }
    }

    void unsupportedShapesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generateSchedule("interleaved-1f1b", 4, 9, 2, uniformOpCosts(4)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generateSchedule("no-such", 4, 8, 1, uniformOpCosts(4)));
    }
};

QTEST_APPLESS_MAIN(TestScheduleFamily)
#include "test_schedule_family.moc"
