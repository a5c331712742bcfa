// SPDX-License-Identifier: GPL-3.0-or-later
// Pipeline benchmarks (targets: well under a 16 ms frame):
//  * re-evaluating every metric after one partition edit on a 150-layer network: cost model, analysis (with the
//    exact optimiser), traffic sweep, report and charts — what the partition editor does on each drag move;
//  * simulating 10,000 pipeline cycles, stepped one by one and with runUntil skipping the full-pipeline cycles.
#include "core/network/network_io.h"
#include "core/pipeline/pipeline_charts.h"
#include "core/pipeline/pipeline_model.h"
#include "core/pipeline/pipeline_setup.h"

#include <QtTest>

using namespace dfl;

namespace {

// The first 150 layers of ResNet-152 (its layer list is in execution order, residual adds included).
std::shared_ptr<const Network> network150() {
    const Network full = loadBuiltinNetwork("resnet152");
    std::vector<Layer> layers(full.layers().begin(), full.layers().begin() + 150);
    return std::make_shared<const Network>(Network("resnet152-150", full.input(), layers));
}

}  // namespace

class BenchPipeline : public QObject {
    Q_OBJECT
private slots:
    void partitionEditOn150Layers() {
        const auto network = network150();
        PipelineConfig config;
        config.stages = 8;
        Partition partition = Partition::evenByLayers(network->size(), config.stages);
        Partition moved;
        QVERIFY(partition.movedLayer(partition.firstLayer(3), -1, moved));
        std::size_t sink = 0;
        QBENCHMARK {
            auto layout = makePipelineLayout(network, config, moved);
            PipelineModel model("bench", layout);
            sink += model.metrics().summary.size() + pipelineCharts(*layout).size();
        }
        QVERIFY(sink > 0);
    }

    void step10000Cycles() {
        auto network = std::make_shared<const Network>(loadBuiltinNetwork("vgg-f"));
        PipelineConfig config;
        config.miniBatches = 10000;
        auto layout = makePipelineLayout(network, config, Partition::fromNames(*network, 4, {"conv2", "conv3", "conv4"}, ""));
        QBENCHMARK {
            PipelineModel model("bench", layout);
            for (int i = 0; i < 10000; ++i) model.step();
            QCOMPARE(model.cycle(), std::int64_t(10000));
        }
    }

    void runUntil10000Cycles() {
        auto network = std::make_shared<const Network>(loadBuiltinNetwork("vgg-f"));
        PipelineConfig config;
        config.miniBatches = 10000;
        auto layout = makePipelineLayout(network, config, Partition::fromNames(*network, 4, {"conv2", "conv3", "conv4"}, ""));
        QBENCHMARK {
            PipelineModel model("bench", layout);
            model.runUntil(10000);
            QCOMPARE(model.cycle(), std::int64_t(10000));
        }
    }
};

QTEST_GUILESS_MAIN(BenchPipeline)
#include "bench_pipeline.moc"
