// SPDX-License-Identifier: GPL-3.0-or-later
// The schedule: delays measured from the cycle-stepped token simulation, for every stage of P = 2..16, and the
// agreement of that simulation with PipelineSchedule cycle by cycle, with and without skipping.
#include "core/network/network_io.h"
#include "core/pipeline/pipeline_model.h"
#include "core/pipeline/pipeline_schedule.h"
#include "core/pipeline/pipeline_setup.h"
#include "core/sim/history.h"
#include "tests/pipeline/pipeline_test_networks.h"

#include <QtTest>

using namespace dfl;

namespace {

// A model on a network with at least `stages` layers (the costs do not matter here).
std::unique_ptr<PipelineModel> makeModel(int stages, std::int64_t miniBatches, bool forwardBeforeBackward = true) {
    static auto network = std::make_shared<const Network>(loadBuiltinNetwork("resnet18"));
    PipelineConfig config;
    config.stages = stages;
    config.miniBatches = miniBatches;
    config.memory.forwardBeforeBackward = forwardBeforeBackward;
    auto layout = makePipelineLayout(network, config, Partition::evenByLayers(network->size(), stages));
    return std::make_unique<PipelineModel>("test", layout);
}

}  // namespace

class TestPipelineSchedule : public QObject {
    Q_OBJECT
private slots:
    void delayMeasuredFromSimulation() {
        for (int p = 2; p <= 16; ++p) {
            auto model = makeModel(p, 3 * p);
            // Record, from the frames alone, when each stage forwarded and updated each mini-batch.
            std::map<std::pair<int, std::int64_t>, std::int64_t> forwardAt, updateAt;
            while (!model->done()) {
                model->step();
                auto frame = std::static_pointer_cast<const PipelineFrame>(model->frame());
                for (int s = 1; s <= p; ++s) {
                    const StageActivity& a = frame->stages[size_t(s - 1)];
                    if (a.forwardMiniBatch) forwardAt[{s, a.forwardMiniBatch}] = frame->cycle;
                    if (a.backwardMiniBatch) updateAt[{s, a.backwardMiniBatch}] = frame->cycle;
                }
            }
            for (int s = 1; s <= p; ++s) {
                for (std::int64_t m = 1; m <= 3 * p; ++m) {
                    const std::pair<int, std::int64_t> key{s, m};
                    QVERIFY(forwardAt.count(key) && updateAt.count(key));
                    QCOMPARE(updateAt[key] - forwardAt[key], std::int64_t(2 * p - 2 * s + 1));
                    QCOMPARE(forwardAt[key], m + s - 1);  // the talk: stage S forwards mini-batch T − S + 1
                }
                QCOMPARE(model->schedule().weightUpdateDelay(s), 2 * p - 2 * s + 1);
                auto last = std::static_pointer_cast<const PipelineFrame>(model->frame());
                QCOMPARE(last->stages[size_t(s - 1)].lastDelay, std::int64_t(2 * p - 2 * s + 1));
            }
        }
    }

    void simulationMatchesSchedule() {
        for (int p : {1, 2, 3, 5, 8}) {
            for (bool order : {true, false}) {
                auto model = makeModel(p, 7, order);
                const PipelineSchedule& schedule = model->schedule();
                QCOMPARE(model->expectedCycles(), schedule.totalCycles());
                while (!model->done()) {
                    model->step();
                    auto frame = std::static_pointer_cast<const PipelineFrame>(model->frame());
                    for (int s = 1; s <= p; ++s) {
                        const StageActivity& a = frame->stages[size_t(s - 1)];
                        QCOMPARE(a.forwardMiniBatch, schedule.forwardMiniBatch(frame->cycle, s).value_or(0));
                        QCOMPARE(a.backwardMiniBatch, schedule.backwardMiniBatch(frame->cycle, s).value_or(0));
                        QCOMPARE(a.errorCalculation, a.backwardMiniBatch != 0 && schedule.errorCalculation(s));
                    }
                }
                QCOMPARE(model->cycle(), schedule.totalCycles());
                QCOMPARE(model->cycle(), std::int64_t(7 + 2 * p - 1));  // fill + drain: 2P − 1 cycles
                for (int s = 1; s <= p; ++s)
                    QCOMPARE(int(model->state().stages[size_t(s - 1)].peakHeld), schedule.peakInFlight(s, order));
            }
        }
    }

    void inFlightFollowsDelay() {
        const PipelineSchedule schedule(4);
        for (int s = 1; s <= 4; ++s) {
            QCOMPARE(schedule.peakInFlight(s, false), schedule.weightUpdateDelay(s));
            QCOMPARE(schedule.peakInFlight(s, true), schedule.weightUpdateDelay(s) + 1);
        }
    }

    void staleWeights() {
        // Stage S's forward of mini-batch m reads the weights after the updates of mini-batches 1..m − D with the one
        // intra-cycle order (backward first: the update of m − D lands in the cycle of m's forward, before it), and
        // 1..m − 1 − D were the forward first.
        const PipelineSchedule schedule(4);
        for (int s = 1; s <= 4; ++s) {
            const int d = schedule.weightUpdateDelay(s);
            QCOMPARE(schedule.updatesBeforeForward(1, s), std::int64_t(0));
            QCOMPARE(schedule.updatesBeforeForward(20, s), std::int64_t(20 - d));
            QCOMPARE(schedule.updatesBeforeForward(20, s, IntraCycleOrder::ForwardFirst), std::int64_t(20 - 1 - d));
            QCOMPARE(schedule.updatesBeforeBackward(20, s), std::int64_t(19));
        }
    }

    void idleDuringFillAndDrain() {
        auto model = makeModel(4, 5);
        model->step();  // cycle 1: only stage 1 works
        auto frame = std::static_pointer_cast<const PipelineFrame>(model->frame());
        QCOMPARE(frame->stages[0].forwardMiniBatch, std::int64_t(1));
        for (int s = 2; s <= 4; ++s) QVERIFY(frame->stages[size_t(s - 1)].idle());
        QCOMPARE(frame->transfers.size(), size_t(2));  // input into stage 1, activations to stage 2
    }

    void skippingEqualsStepping() {
        for (int p : {1, 2, 4, 7}) {
            for (std::int64_t target : {3LL, 17LL, 250LL, 10000LL, 10006LL}) {
                auto stepped = makeModel(p, 10000);
                auto skipped = makeModel(p, 10000);
                while (stepped->cycle() < target && !stepped->done()) stepped->step();
                skipped->runUntil(target);
                QCOMPARE(skipped->cycle(), stepped->cycle());
                QVERIFY(skipped->saveState() == stepped->saveState());
            }
        }
    }

    void historyStepsBack() {
        auto model = makeModel(4, 40);
        History history(*model, 8);
        history.reset();
        history.runUntil(30);
        const std::string at30 = model->saveState();
        history.runUntil(35);
        history.seek(30);
        QVERIFY(model->saveState() == at30);
        history.stepBack();
        QCOMPARE(model->cycle(), std::int64_t(29));
    }

    void invalidSchedule() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PipelineSchedule(0));
    }
};

QTEST_GUILESS_MAIN(TestPipelineSchedule)
#include "test_pipeline_schedule.moc"
