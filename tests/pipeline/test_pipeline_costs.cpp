// SPDX-License-Identifier: GPL-3.0-or-later
// Traffic, memory and time of a small network against values computed by hand (see pipeline_test_networks.h),
// and the crossing of a residual connection over a stage boundary.
#include "core/pipeline/pipeline_analysis.h"
#include "core/pipeline/pipeline_costs.h"
#include "core/pipeline/pipeline_setup.h"
#include "tests/pipeline/pipeline_test_networks.h"

#include <QtTest>

using namespace dfl;
using namespace dfl::test;

namespace {

constexpr double MB = 1e-6;  // one byte in MB

PipelineConfig handConfig() {
    PipelineConfig c;
    c.stages = 2;
    c.batch = 2;
    c.bytesPerValue = 4;
    c.workers = 2;
    c.workerGmacsPerSecond = 1e-6;  // 1000 MAC/s: milliseconds equal MACs
    c.updateMacsPerWeight = 2;
    return c;
}

void near(double actual, double expected) {
    QVERIFY2(std::fabs(actual - expected) <= 1e-9 * std::max(1.0, std::fabs(expected)),
             qPrintable(QString("%1 != %2").arg(actual, 0, 'g', 12).arg(expected, 0, 'g', 12)));
}

}  // namespace

class TestPipelineCosts : public QObject {
    Q_OBJECT
private slots:
    void handComputedTwoStages() {
        auto network = std::make_shared<const Network>(handNetwork());
        const PipelineCostModel costs(network, handConfig());
        const PipelineAnalysis a = analyzePipeline(costs, Partition({0, 2}, 4));  // [a r] [f l]

        // Traffic: input 16 values, boundary r = 32 values; × batch 2 × 4 bytes.
        near(a.forwardMbPerBatch, (16 + 32) * 8 * MB);
        near(a.backwardMbPerBatch, 32 * 8 * MB);
        near(a.dataParallel.trafficMbPerBatch, 2 * 2 * 119 * 4 * MB);  // 2·n·W, W = 119 parameters

        // Stage 1 (delay 3, 4 in flight at the peak): weights, dW, momentum 3 × 80 B; stash (a + r + input) =
        // (32 + 32 + 16) × 8 B per mini-batch; activation gradients of a and r (not of the images) = 64 × 8 B.
        const StageCost& s1 = a.stages[0];
        QCOMPARE(s1.memory.inFlight, 4);
        near(s1.memory.stashPerMiniBatchMb, 640 * MB);
        near(s1.memory.totalMb(), (240 + 4 * 640 + 512) * MB);
        // Stage 2 (delay 1, 2 in flight): 3 × 396 B; stash (f + l + input r) = 38 × 8 B; gradients the same.
        const StageCost& s2 = a.stages[1];
        QCOMPARE(s2.memory.inFlight, 2);
        near(s2.memory.totalMb(), (1188 + 2 * 304 + 304) * MB);
        near(a.memoryMb, (3312 + 2100) * MB);
        // Data parallel: worker W + dW + one stash of everything (86 × 8 B) + gradients (70 × 8 B); server W + momentum.
        near(a.dataParallel.worker.totalMb(), (476 + 476 + 688 + 560) * MB);
        near(a.dataParallel.totalMb(), (2 * 2200 + 952) * MB);

        // Time at 1000 MAC/s: stage 1 = forward 576 + weight gradient 576 (no image gradient) + update 40;
        // stage 2 = 192 + 384 + 198.
        near(s1.timeMs(), 1192);
        near(s2.timeMs(), 774);
        near(a.cycleMs, 1192);
        QCOMPARE(a.bottleneckStage, 1);
        near(a.throughputSpeedup, (1192.0 + 774.0) / 1192.0);
        QCOMPARE(a.weightUpdateDelays, (std::vector<int>{3, 1}));
    }

    void assumptionsAreSwitches() {
        auto network = std::make_shared<const Network>(handNetwork());
        PipelineConfig c = handConfig();
        c.memory.weightGradients = c.memory.momentum = c.memory.activationGradients = false;
        c.memory.stageInput = false;
        c.memory.forwardBeforeBackward = false;
        c.memory.serverWeights = false;
        const PipelineAnalysis a = analyzePipeline(PipelineCostModel(network, c), Partition({0, 2}, 4));
        // Stage 1: 80 B weights + 3 in flight × (32 + 32) × 8 B; stage 2: 396 B + 1 × 6 × 8 B.
        near(a.memoryMb, (80 + 3 * 512 + 396 + 48) * MB);
        near(a.dataParallel.totalMb(), 2 * (476 + 70 * 8) * MB);

        c.memory.stash = StashPolicy::WeightInputs;  // only r's output (read by f) is kept
        const PipelineAnalysis w = analyzePipeline(PipelineCostModel(network, c), Partition({0, 2}, 4));
        near(w.stages[0].memory.stashPerMiniBatchMb, 32 * 8 * MB);
        near(w.stages[1].memory.stashPerMiniBatchMb, 0);
    }

    void residualCrossesBoundary() {
        // b's output is added after c: a cut between c and the add carries both c's and b's outputs.
        Layer add = layer("sum", LayerType::Add);
        add.addFrom = std::string("b");
        auto network = std::make_shared<const Network>(Network(
            "res", {4, 5, 5},
            {layer("b", LayerType::Conv, 4, 3, 1), layer("c", LayerType::Conv, 4, 3, 1), add, layer("l", LayerType::SoftmaxLoss)}));
        PipelineConfig config = handConfig();
        const PipelineCostModel costs(network, config);
        QCOMPARE(costs.cutValuesPerSample(0), std::int64_t(100));      // the input
        QCOMPARE(costs.cutValuesPerSample(1), std::int64_t(100));      // b's output (read by c and the add)
        QCOMPARE(costs.cutValuesPerSample(2), std::int64_t(200));      // c's and b's outputs
        QCOMPARE(costs.cutValuesPerSample(3), std::int64_t(100));      // the sum only
    }

    void trafficScalesWithBatch() {
        auto network = std::make_shared<const Network>(handNetwork());
        const PipelineCostModel costs(network, handConfig());
        const TrafficSweep sweep = trafficSweep(costs, Partition({0, 2}, 4), {1, 2, 64});
        near(sweep.forwardMb[0], 48 * 4 * MB);
        near(sweep.forwardMb[1], 48 * 8 * MB);
        near(sweep.backwardMb[2], 32 * 64 * 4 * MB);
        near(sweep.dataParallelMb[2], 2 * 2 * 119 * 4 * MB);
    }
};

QTEST_GUILESS_MAIN(TestPipelineCosts)
#include "test_pipeline_costs.moc"
