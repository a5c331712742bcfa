// SPDX-License-Identifier: GPL-3.0-or-later
// Training under the pipeline-schedule family: the synchronous schedules equal naive SGD with gradient accumulation
// over the same micro-batches bit for bit (and whole-batch SGD up to float summation order); the asynchronous ones
// read the versions of their timeline, and their timelines keep the published staleness.
#include "convergence_test_data.h"

#include "core/convergence/pipelined_sgd.h"
#include "core/convergence/schedule_plan.h"
#include "core/pipeline/schedule_family.h"
#include "core/training/softmax_cross_entropy.h"
#include "core/training/trainable_network.h"

#include <QtTest>

using namespace dfl;

namespace {

constexpr int Stages = 2, Micro = 4, Batch = 16, Steps = 6;

TrainableNetwork freshNet() {
    SeededRandom r(5);
    return makeTrainableNetwork(test::smallCnn(), 10, r, "");
}

SgdParams sgd() {
    SgdParams p;
    p.learningRate = 0.05;
    p.momentum = 0.9;
    return p;
}

std::vector<Matrix> weightsOf(SequentialNet& net) {
    std::vector<Matrix> w;
    for (const ParamSlot& p : net.params()) w.push_back(*p.value);
    return w;
}

// The reference, without any schedule: naive SGD on one device, the mean gradient of the micro-batches, summed in
// their order.
void accumulatedStep(SequentialNet& net, SgdOptimizer& opt, const Matrix& inputs, const std::vector<int>& labels) {
    const int size = Batch / Micro;
    std::vector<Matrix> sum;
    for (int k = 0; k < Micro; ++k) {
        const std::vector<int> l(labels.begin() + k * size, labels.begin() + (k + 1) * size);
        net.backward(softmaxCrossEntropy(net.forward(inputs.middleCols(k * size, size), true), l).gradient);
        const std::vector<ParamSlot> params = net.params();
        for (size_t i = 0; i < params.size(); ++i) {
            if (k == 0) sum.push_back(*params[i].gradient);
            else sum[i] += *params[i].gradient;
        }
    }
    const std::vector<ParamSlot> params = net.params();
    for (size_t i = 0; i < params.size(); ++i) *params[i].gradient = sum[i] / float(Micro);
    opt.step(params);
    net.afterUpdate();
}

}  // namespace

class TestScheduleTraining : public QObject {
    Q_OBJECT
private slots:
    void synchronousSchedulesAreNaiveSgdBitForBit() {
        const Dataset data = test::syntheticImages(200, 3);
        auto network = std::make_shared<const Network>(test::smallCnn());
        TimingAssumptions timing;
        timing.batch = Batch;
        for (const std::string schedule : {"gpipe", "1f1b", "interleaved-1f1b", "zb-h1"}) {
            const ScheduleTrainingPlan plan = scheduleTrainingPlan(schedule, network, Stages, Micro, Steps, timing);
            QCOMPARE(plan.versions.microBatchesPerUpdate, Micro);
            TrainableNetwork piped = freshNet(), naive = freshNet(), whole = freshNet();
            SgdOptimizer pipedOpt(sgd()), naiveOpt(sgd()), wholeOpt(sgd());
            std::vector<int> blocks;
            for (int layer : piped.networkLayerOf) blocks.push_back(plan.timing.partition.stageOf(layer) + 1);
            PipelinedSgd pipeline(piped.net, pipedOpt, blocks, plan.versions);
            for (int step = 0; step < Steps; ++step) {
                const Matrix inputs = data.inputs.middleCols(step * Batch, Batch);
                const std::vector<int> labels(data.labels.begin() + step * Batch, data.labels.begin() + (step + 1) * Batch);
                for (int k = 0; k < Micro; ++k) {
                    const int size = Batch / Micro;
                    pipeline.trainMiniBatch(inputs.middleCols(k * size, size),
                                            std::vector<int>(labels.begin() + k * size, labels.begin() + (k + 1) * size));
                    for (int s = 1; s <= Stages; ++s) QCOMPARE(pipeline.lastVersions().forward[size_t(s - 1)], std::int64_t(step));
                }
                accumulatedStep(naive.net, naiveOpt, inputs, labels);
                trainMiniBatch(whole.net, wholeOpt, inputs, labels);
            }
            QCOMPARE(pipeline.updates(), std::int64_t(Steps));
            const auto a = weightsOf(piped.net), b = weightsOf(naive.net), c = weightsOf(whole.net);
            for (size_t i = 0; i < a.size(); ++i) {
                QVERIFY2(a[i] == b[i], (schedule + ": not naive SGD with accumulation bit for bit").c_str());
                // Whole-batch SGD sums the same gradients in another order (one GEMM over 16 columns, not four of 4):
                // equal up to rounding only.
                QVERIFY((a[i] - c[i]).cwiseAbs().maxCoeff() <= 1e-4f * std::max(1.0f, c[i].cwiseAbs().maxCoeff()));
            }
        }
    }

    void asynchronousSchedulesReadTheirTimelinesVersions() {
        auto network = std::make_shared<const Network>(test::smallCnn());
        TimingAssumptions timing;
        timing.batch = Batch;
        for (const std::string schedule : {"layer-block", "pipedream", "pipedream-2bw"}) {
            const ScheduleTrainingPlan plan = scheduleTrainingPlan(schedule, network, Stages, Micro, Steps, timing);
            const int total = Steps * Micro;
            QCOMPARE(int(plan.versions.forward.at(0).size()), total);
            QCOMPARE(int(plan.timing.stepEndMs.size()), Steps);
            for (int n = 1; n < Steps; ++n) QVERIFY(plan.timing.stepEndMs[size_t(n)] > plan.timing.stepEndMs[size_t(n - 1)]);
            for (int s = 1; s <= Stages; ++s)
                for (int k = 1; k <= total; ++k) {
                    const std::int64_t f = plan.versions.forward[size_t(s - 1)][size_t(k - 1)];
                    const std::int64_t b = plan.versions.backward[size_t(s - 1)][size_t(k - 1)];
                    const int update = schedule == "pipedream-2bw" ? (k - 1) / Stages + 1 : k;
                    if (schedule == "pipedream") QCOMPARE(f, std::int64_t(std::max(0, update - 1 - (Stages - s))));
                    if (schedule == "pipedream-2bw") QCOMPARE(f, std::int64_t(std::max(0, update - 2)));
                    if (schedule == "layer-block") QCOMPARE(f, std::int64_t(std::max(0, k - (2 * Stages - 2 * s + 1))));
                    if (schedule != "layer-block") QCOMPARE(b, f);  // stashed
                }
            // It trains: every micro-batch reads a version the trainer still keeps.
            TrainableNetwork t = freshNet();
            SgdOptimizer opt(sgd());
            std::vector<int> blocks;
            for (int layer : t.networkLayerOf) blocks.push_back(plan.timing.partition.stageOf(layer) + 1);
            PipelinedSgd pipeline(t.net, opt, blocks, plan.versions);
            const Dataset data = test::syntheticImages(200, 3);
            for (int k = 0; k < total; ++k) {
                const int size = Batch / Micro;
                pipeline.trainMiniBatch(data.inputs.middleCols(k * size, size),
                                        std::vector<int>(data.labels.begin() + k * size, data.labels.begin() + (k + 1) * size));
                for (int s = 1; s <= Stages; ++s)
                    QCOMPARE(pipeline.lastVersions().forward[size_t(s - 1)], plan.versions.forward[size_t(s - 1)][size_t(k)]);
            }
            QCOMPARE(pipeline.updates(), std::int64_t(schedule == "pipedream-2bw" ? total / Stages : total));
        }
    }
};

QTEST_APPLESS_MAIN(TestScheduleTraining)
#include "test_schedule_training.moc"
