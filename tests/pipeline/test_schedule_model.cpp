// SPDX-License-Identifier: GPL-3.0-or-later
// The schedules other than layer-block stepped on their timeline (ScheduleModel): one step per op-start instant,
// runUntil equal to stepping, state round trip, and frames that show the ops the timeline runs at that instant.
#include "core/network/network_io.h"
#include "core/pipeline/schedule_model.h"
#include "core/pipeline/pipeline_setup.h"

#include <QtTest>

using namespace dfl;

namespace {

std::unique_ptr<ScheduleModel> makeModel(const std::string& schedule) {
    static auto network = std::make_shared<const Network>(loadBuiltinNetwork("mnist-cnn"));
    PipelineConfig config;
    config.stages = 4;
    config.microBatches = 8;
    config.schedule = schedule;
    config.opCosts = OpCostModel::Uniform;
    return std::make_unique<ScheduleModel>("test", makePipelineLayout(network, config, Partition::evenByLayers(network->size(), 4)));
}

std::shared_ptr<const PipelineFrame> frameOf(const ScheduleModel& m) {
    return std::static_pointer_cast<const PipelineFrame>(m.frame());
}

}  // namespace

class TestScheduleModel : public QObject {
    Q_OBJECT
private slots:
    void stepsThroughTheTimeline() {
        for (const std::string schedule : {"gpipe", "1f1b", "interleaved-1f1b", "zb-h1", "pipedream", "pipedream-2bw"}) {
            auto stepped = makeModel(schedule), jumped = makeModel(schedule);
            QVERIFY(stepped->expectedCycles() > 0);
            const ScheduleTimeline& t = *stepped->layout().timeline;
            QCOMPARE(t.schedule, schedule);
            while (!stepped->done()) {
                stepped->step();
                jumped->reset();
                jumped->runUntil(stepped->cycle());
                QCOMPARE(jumped->saveState(), stepped->saveState());
                const auto f = frameOf(*stepped);
                // Every stage shows the F (or B/W) the timeline runs at this instant.
                for (const ScheduledOp& o : t.ops) {
                    if (o.start != f->scheduleTime || o.op == ScheduleOpKind::Update) continue;
                    const StageActivity& a = f->stages[size_t(o.stage - 1)];
                    QCOMPARE(o.op == ScheduleOpKind::Forward ? a.forwardMiniBatch : a.backwardMiniBatch, std::int64_t(o.microBatch));
                }
            }
            const auto last = frameOf(*stepped);
            for (int s = 1; s <= 4; ++s) QCOMPARE(last->stages[size_t(s - 1)].peakHeld, t.peakActivations[size_t(s - 1)]);
            auto loaded = makeModel(schedule);
            loaded->loadState(stepped->saveState());
            QCOMPARE(loaded->cycle(), stepped->cycle());
            QVERIFY(loaded->done());
            QCOMPARE(stepped->metrics().value("makespan"), t.makespan);
        }
    }
};

QTEST_APPLESS_MAIN(TestScheduleModel)
#include "test_schedule_model.moc"
