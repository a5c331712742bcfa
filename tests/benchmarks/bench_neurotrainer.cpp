// SPDX-License-Identifier: GPL-3.0-or-later
// How long the NeuroTrainer models take: a whole AlexNet training step (batch 32) in the event model (target: well
// under a second), the same step through the cycle-stepped model jumping from event to event, and VGG16.
#include "core/network/network_io.h"
#include "core/neurotrainer/nt_analysis.h"
#include "core/neurotrainer/nt_fine_model.h"

#include <QtTest>

using namespace dfl;
using namespace dfl::nt;

class BenchNeuroTrainer : public QObject {
    Q_OBJECT
private slots:
    void alexnetTrainingStepEventModel() {
        const Network net = loadBuiltinNetwork("alexnet");
        QBENCHMARK { QVERIFY(runNetwork(net, Machine{}, {}).cycles() > 0); }
    }
    void alexnetTrainingStepFineModel() {
        const Network net = loadBuiltinNetwork("alexnet");
        const std::vector<Op> ops = lowerNetwork(net, Machine{}, {});
        const Machine m;
        QBENCHMARK {
            std::int64_t cycles = 0;
            for (const Op& op : ops) {
                FineOpModel fine(op, m);
                fine.runToEnd();
                cycles += fine.state().stats.cycles;
            }
            QVERIFY(cycles > 0);
        }
    }
    void vgg16TrainingStepEventModel() {
        const Network net = loadBuiltinNetwork("vgg16");
        QBENCHMARK { QVERIFY(runNetwork(net, Machine{}, {}).cycles() > 0); }
    }
};

QTEST_GUILESS_MAIN(BenchNeuroTrainer)
#include "bench_neurotrainer.moc"
