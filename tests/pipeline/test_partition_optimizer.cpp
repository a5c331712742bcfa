// SPDX-License-Identifier: GPL-3.0-or-later
// The exact partition optimiser against exhaustive search on random small networks, and partition editing.
#include "core/pipeline/partition.h"
#include "core/pipeline/partition_optimizer.h"
#include "core/sim/input_error.h"
#include "tests/pipeline/pipeline_test_networks.h"

#include <QtTest>

using namespace dfl;
using namespace dfl::test;

namespace {

struct Best {
    double cycle = 1e300, secondary = 1e300;
    int unaligned = 1 << 30;
};

// Every way to choose P − 1 cut positions among the L − 1 gaps.
void enumerate(const PipelineCostModel& costs, int stages, SecondaryObjective objective, std::vector<int>& starts, Best& best) {
    const int n = costs.network().size();
    if (int(starts.size()) == stages) {
        const Partition p(starts, n);
        double cycle = 0;
        for (int s = 0; s < stages; ++s) cycle = std::max(cycle, costs.stageTimeMs(p.firstLayer(s), p.lastLayer(s)));
        const double secondary = secondaryCost(costs, p, objective);
        const int unaligned = unalignedStages(costs, p);
        const double tolerance = 1e-9 * cycle;
        // Lexicographic: cycle, then unaligned stages, then the secondary sum.
        const bool faster = cycle < best.cycle - tolerance;
        const bool asFast = cycle <= best.cycle + tolerance;
        if (faster || (asFast && (unaligned < best.unaligned || (unaligned == best.unaligned && secondary < best.secondary)))) {
            best.cycle = std::min(best.cycle, cycle);
            best.unaligned = unaligned;
            best.secondary = secondary;
        }
        return;
    }
    for (int next = starts.back() + 1; next <= n - (stages - int(starts.size())); ++next) {
        starts.push_back(next);
        enumerate(costs, stages, objective, starts, best);
        starts.pop_back();
    }
}

}  // namespace

class TestPartitionOptimizer : public QObject {
    Q_OBJECT
private slots:
    void matchesBruteForce() {
        std::mt19937 rng(12345);
        int cases = 0;
        for (int trial = 0; trial < 60; ++trial) {
            const int layers = 3 + trial % 8;
            auto network = std::make_shared<const Network>(randomNetwork(rng, layers));
            for (int stages = 1; stages <= std::min(layers, 5); ++stages) {
                for (SecondaryObjective objective : {SecondaryObjective::Memory, SecondaryObjective::Traffic}) {
                    PipelineConfig config;
                    config.stages = stages;
                    config.batch = 1 + trial % 5;
                    const PipelineCostModel costs(network, config);
                    Best best;
                    std::vector<int> starts{0};
                    enumerate(costs, stages, objective, starts, best);
                    const OptimalPartition found = optimalPartition(costs, stages, objective);
                    QCOMPARE(found.partition.stages(), stages);
                    QVERIFY(std::fabs(found.cycleMs - best.cycle) <= 1e-9 * best.cycle);
                    QCOMPARE(found.unalignedStages, best.unaligned);
                    QCOMPARE(unalignedStages(costs, found.partition), found.unalignedStages);
                    // Enough working layers: every stage aligned, at no cost in cycle time (pass 1 is unconstrained).
                    if (costs.workLayers(0, layers - 1) >= stages) QCOMPARE(found.unalignedStages, 0);
                    QVERIFY2(std::fabs(found.secondary - best.secondary) <= 1e-9 * std::max(1.0, best.secondary),
                             qPrintable(QString("secondary %1 vs brute force %2").arg(found.secondary).arg(best.secondary)));
                    QVERIFY(std::fabs(secondaryCost(costs, found.partition, objective) - found.secondary) <=
                            1e-9 * std::max(1.0, found.secondary));
                    ++cases;
                }
            }
        }
        QVERIFY(cases > 300);
    }

    void namesRoundTrip() {
        const Network net = handNetwork();
        const Partition p = Partition::fromNames(net, 3, {"r", "f"}, "s.json");
        QCOMPARE(p.starts(), (std::vector<int>{0, 1, 2}));
        QCOMPARE(p.names(net), (std::vector<std::string>{"r", "f"}));
    }

    void badNamesAreInputErrors() {
        const Network net = handNetwork();
        auto expect = [&](int stages, std::vector<std::string> names, const char* place, const char* reason) {
            try {
                Partition::fromNames(net, stages, names, "s.json");
                QFAIL("no InputError");
            } catch (const InputError& e) {
                QCOMPARE(e.file(), std::string("s.json"));
                QCOMPARE(e.place(), std::string(place));
                QVERIFY2(e.reason().find(reason) != std::string::npos, e.what());
            }
        };
        expect(3, {"r", "zz"}, "params.partition[1]", "no layer named 'zz'");
        expect(3, {"f", "r"}, "params.partition[1]", "network order");
        expect(3, {"a", "f"}, "params.partition[0]", "first layer");
        expect(3, {"r"}, "params.partition", "expected 2 layer names");
        expect(5, {"a", "r", "f", "l"}, "params.stages", "at least as many layers");
    }

    void dragMovesLayersAndBoundaries() {
        const Partition p({0, 2, 3}, 6);  // [0 1] [2] [3 4 5]
        Partition moved;
        QVERIFY(p.movedLayer(1, +1, moved));  // last layer of stage 1 into stage 2
        QCOMPARE(moved.starts(), (std::vector<int>{0, 1, 3}));
        QVERIFY(!p.movedLayer(2, -1, moved));  // would empty stage 2
        QVERIFY(p.movedLayer(4, -1, moved));  // 3 and 4 into stage 2
        QCOMPARE(moved.starts(), (std::vector<int>{0, 2, 5}));
        QVERIFY(!p.movedLayer(5, +1, moved));  // no stage after the last
        QVERIFY(p.movedBoundary(2, 4, moved));
        QCOMPARE(moved.starts(), (std::vector<int>{0, 2, 4}));
        QVERIFY(!p.movedBoundary(1, 3, moved));  // past the next boundary
    }
};

QTEST_GUILESS_MAIN(TestPartitionOptimizer)
#include "test_partition_optimizer.moc"
