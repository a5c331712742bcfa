// SPDX-License-Identifier: GPL-3.0-or-later
// The NeuroTrainer core: peaks from the parameters, the cycle-stepped model against the event model, the
// generated programs against the paper's Tables 2–4, save/load of the clocked state.
#include "core/network/network_io.h"
#include "core/neurotrainer/nt_analysis.h"
#include "core/neurotrainer/nt_fine_model.h"
#include "core/neurotrainer/nt_lowering.h"
#include "core/neurotrainer/nt_model.h"
#include "core/neurotrainer/nt_programs.h"

#include <QtTest>

#include <set>

using namespace dfl;
using namespace dfl::nt;

namespace {

// A small network whose ops are tiny: every kind of op (conv with padding and stride, pooling, merge, FC) appears.
Network smallNetwork() {
    std::vector<Layer> layers(5);
    layers[0].name = "c1"; layers[0].type = LayerType::Conv; layers[0].outChannels = 8; layers[0].kernelH = layers[0].kernelW = 3;
    layers[0].pad = {1, 1, 1, 1};
    layers[1].name = "p1"; layers[1].type = LayerType::MaxPool; layers[1].kernelH = layers[1].kernelW = 2;
    layers[1].strideH = layers[1].strideW = 2;
    layers[2].name = "c2"; layers[2].type = LayerType::Conv; layers[2].outChannels = 12; layers[2].kernelH = layers[2].kernelW = 3;
    layers[2].strideH = layers[2].strideW = 2; layers[2].groups = 2;
    layers[3].name = "f1"; layers[3].type = LayerType::FullyConnected; layers[3].outChannels = 40;
    layers[4].name = "f2"; layers[4].type = LayerType::FullyConnected; layers[4].outChannels = 10;
    return Network("small", {2, 12, 12}, layers);
}

Machine smallMachine() {
    Machine m;
    m.vaults = 5;  // 4 PEs: several output blocks and chunks even for the small network
    m.inputBufferKB = 1;
    m.outputBufferKB = 1;
    m.batch = 8;
    return m;
}

const Op* findOp(const std::vector<OpResult>& ops, const std::string& layer, OpKind kind) {
    for (const OpResult& r : ops)
        if (r.op.layer == layer && r.op.kind == kind) return &r.op;
    return nullptr;
}

}  // namespace

class TestNtModel : public QObject {
    Q_OBJECT
private slots:
    void peaksFollowFromParameters() {
        const Machine hmc1 = machinePreset("hmc1");
        QCOMPARE(hmc1.pes(), 15);
        QCOMPARE(hmc1.peakTops(true), 4.8);   // 2.5 GHz × 15 × 32 × 2 × 2
        QCOMPARE(hmc1.peakTops(false), 2.4);
        QCOMPARE(hmc1.wordsPerCycle(), 1.0);  // 10 GB/s at 2.5 GHz: one 32-bit word per cycle
        const Machine hmc2 = machinePreset("hmc2");
        QCOMPARE(hmc2.pes(), 31);
        QVERIFY(qFuzzyCompare(hmc2.peakTops(true), 9.92));
        Machine m = hmc1;
        m.macsPerPe = 64;
        QVERIFY(qFuzzyCompare(m.peakTops(false), 4.8));
    }

    // Every op of the small network, stepped one cycle at a time, against the event model.
    void fineEqualsEventCycleByCycle() {
        const Machine m = smallMachine();
        const std::vector<Op> ops = lowerNetwork(smallNetwork(), m, {});
        QVERIFY(ops.size() > 10);
        std::set<OpKind> kinds;
        for (const Op& op : ops) {
            kinds.insert(op.kind);
            const OpTiming event = simulateOp(op, m);
            FineOpModel fine(op, m);
            std::int64_t steps = 0;
            while (!fine.done()) {
                fine.step();
                QVERIFY2(++steps <= event.cycles + 1, qPrintable(QString::fromStdString(op.layer + " " + opKindName(op.kind))));
            }
            const OpTiming& f = fine.state().stats;
            QCOMPARE(f.cycles, event.cycles);
            QCOMPARE(steps, event.cycles);
            QCOMPARE(f.computeBusy, event.computeBusy);
            QCOMPARE(f.vaultBusy, event.vaultBusy);
            QCOMPARE(f.busInBusy, event.busInBusy);
            QCOMPARE(f.mergeBusy, event.mergeBusy);
            const OpTotals t = totals(op);  // every word of the plan moved exactly once
            QCOMPARE(fine.state().vaultWords, t.vaultWords);
            QCOMPARE(fine.state().busWords, t.busWords);
        }
        for (OpKind k : {OpKind::ConvFF, OpKind::ConvBP, OpKind::ConvUP, OpKind::FcFF, OpKind::FcBP, OpKind::FcUP,
                         OpKind::PoolFF, OpKind::PoolBP, OpKind::Merge, OpKind::Partition, OpKind::AddPad, OpKind::RemovePad})
            QVERIFY2(kinds.count(k), qPrintable(QString::fromStdString(opKindName(k))));
    }

    // The event model skips steady-state repetitions; the fine model (jumping from event to event) must still agree
    // on every op of a full AlexNet training step.
    void fineEqualsEventOnAlexNet() {
        const Machine m;
        for (const Op& op : lowerNetwork(loadBuiltinNetwork("alexnet"), m, {})) {
            FineOpModel fine(op, m);
            fine.runToEnd();
            const OpTiming e = simulateOp(op, m);
            QCOMPARE(fine.state().stats.cycles, e.cycles);
            QCOMPARE(fine.state().stats.computeBusy, e.computeBusy);
            QCOMPARE(fine.state().stats.vaultBusy, e.vaultBusy);
            QCOMPARE(fine.state().stats.mergeBusy, e.mergeBusy);
        }
    }

    // A hand-made op where the answer can be worked out on paper: 3 tiles of 10 MAC cycles, each loading 4 words,
    // one output block of 6 words merged over the bus at the end.
    void handWorkedPipeline() {
        Machine m;
        m.busStages = 4;
        Op op;
        op.layer = "x";
        Tile load{10, 4, 0, 0, 0}, last{10, 4, 0, 0, 6};
        op.segments = {{{load}, 2}, {{last}, 1}};
        // Loads at 0–4 and 4–8; the third waits for tile 0 to free its half: 14–18. Compute 4–14, 14–24, 24–34;
        // merge 34–40, landing in the common vault 4 bus stages later at 44.
        const OpTiming t = simulateOp(op, m);
        QCOMPARE(t.cycles, std::int64_t(44));
        QCOMPARE(t.computeBusy, std::int64_t(30));
        QCOMPARE(t.vaultBusy, std::int64_t(12));
        QCOMPARE(t.mergeBusy, std::int64_t(6));
        QCOMPARE(t.waitVault, std::int64_t(4));   // the first load
        QCOMPARE(t.waitMerge, std::int64_t(10));  // the write-back tail
    }

    // Table 2 and Table 4 for one convolution (AlexNet conv1) and one FC layer (fc6).
    void programsMatchTables() {
        const Network net = loadBuiltinNetwork("alexnet");
        const Machine m;
        const NetworkRun run = runNetwork(net, m, {});
        std::vector<Op> ops;
        for (const OpResult& r : run.ops) ops.push_back(r.op);
        const Programs p = generatePrograms(net, ops, m);
        auto pmag = [&](const std::string& layer, const std::string& op, const std::string& vault) -> const PmagProgram& {
            for (const PmagProgram& x : p.pmag)
                if (x.layer == layer && x.operation == op && x.vault == vault) return x;
            qFatal("no program %s %s %s", layer.c_str(), op.c_str(), vault.c_str());
        };
        auto pe = [&](const std::string& layer, const std::string& op) -> const PeProgram& {
            for (const PeProgram& x : p.pe)
                if (x.layer == layer && x.operation == op) return x;
            qFatal("no PE program %s %s", layer.c_str(), op.c_str());
        };
        using R = std::array<std::int64_t, 7>;
        using F = std::array<std::string, 4>;
        // Conv-FF: N_O, H_O, W_O, N_I, D_K, H_K, W_K; s,t,u,v = r2,r6,r3,r7; f = r4, q, p, r5.
        const PmagProgram& ff = pmag("conv1", "Conv-FF", "I");
        QCOMPARE(ff.ranges, (R{96, 55, 55, 32, 3, 11, 11}));
        QCOMPARE(ff.f, (F{"r4", "q", "p", "r5"}));
        QCOMPARE(ff.stuv, (F{"r2", "r6", "r3", "r7"}));
        QCOMPARE(ff.stride, 4);
        // Conv-BP: D_I, H_I, W_I, N_I, N_O, H_K, W_K.
        QCOMPARE(pmag("conv1", "Conv-BP", "I").ranges, (R{3, 227, 227, 32, 96, 11, 11}));
        // Conv-UP: 1, N_I, H_O, W_O, D_I, H_K, W_K; s,t,u,v = r3,r6,r4,r7; f = q, p, r5, r2.
        const PmagProgram& up = pmag("conv1", "Conv-UP", "I");
        QCOMPARE(up.ranges, (R{1, 32, 55, 55, 3, 11, 11}));
        QCOMPARE(up.f, (F{"q", "p", "r5", "r2"}));
        QCOMPARE(pe("conv1", "Conv-FF").bits, 16);
        QCOMPARE(pe("conv1", "Conv-FF").cnt2, std::string("11, 11"));
        QCOMPARE(pe("conv1", "Conv-FF").cnt1, std::string("121"));
        QCOMPARE(pe("conv1", "Conv-BP").bits, 32);
        // FC-FF on fc6: each PE holds ⌈4096/15⌉ = 274 weight rows of 9216; P × L blocks of 256 × 64
        // (256 rows × 32 batch columns fill half the 64 KB output buffer; 64 KB / 2 / 2 B / 256 = 64 columns).
        const R fcff{2, 144, 256, 64, 32, 1, 1};  // H/P, W/L, P, L, K (batch)
        QCOMPARE(pmag("fc6", "FC-FF", "C").ranges, fcff);
        QCOMPARE(pmag("fc6", "FC-FF", "I").ranges, fcff);
        QCOMPARE(pmag("fc6", "FC-FF", "C").f, (F{"r4", "r2", "r5", "0"}));
        QCOMPARE(pmag("fc6", "FC-FF", "I").f, (F{"r4", "r3", "r2", "r1"}));
        QCOMPARE(pe("fc6", "FC-FF").bits, 16);
        QCOMPARE(pe("fc6", "FC-FF").cnt2, std::string("256, 64"));
        QCOMPARE(pe("fc6", "FC-FF").cnt1, std::string("64"));
        // FC-UP: H/h, W/N_MAC, N_I, N_MAC (common vault) or h (own vault).
        QCOMPARE(pmag("fc6", "FC-UP", "C").ranges, (R{2, 288, 32, 32, 1, 1, 1}));
        QCOMPARE(pmag("fc6", "FC-UP", "I").ranges, (R{2, 288, 32, 256, 1, 1, 1}));
        QCOMPARE(pe("fc6", "FC-UP").cnt2, std::string("256"));
        QCOMPARE(pe("fc6", "FC-UP").cnt1, std::string("1"));
        // Every MAC op has a PE program; the iBuffer of 16 KB holds them all (22 bytes each).
        QVERIFY(p.iBufferBytes() <= 16 * 1024);
    }

    void pmagCountersStepLikeNestedLoops() {
        PmagProgram p;
        p.ranges = {2, 3, 1, 1, 1, 1, 4};
        p.f = {"r1", "r2", "r7", "0"};
        PmagState s = pmagStateAfter(p, 0);
        QCOMPARE(s.counters[6], std::int64_t(0));
        s = pmagStateAfter(p, 5);  // r7 wraps after 4: r2 = 1, r7 = 1
        QCOMPARE(s.counters[1], std::int64_t(1));
        QCOMPARE(s.counters[6], std::int64_t(1));
        QCOMPARE(s.address, std::int64_t(((0 * 3 + 1) * 4 + 1) * 2 + 0));
        s = pmagStateAfter(p, 23);  // last address before wrapping
        QCOMPARE(s.counters[0], std::int64_t(1));
        QCOMPARE(s.counters[1], std::int64_t(2));
        QCOMPARE(s.counters[6], std::int64_t(3));
    }

    // Seeking with runUntil, saving and loading the state, and stepping give the same cycle and frame.
    void saveLoadAndSeek() {
        const Machine m = smallMachine();
        const Network net = smallNetwork();
        auto report = [](const NetworkRun&) { return MetricsReport{}; };
        auto charts = [](const NetworkRun&) { return std::vector<ChartSpec>{}; };
        NeuroTrainerModel a(net, runNetwork(net, m, {}), report, charts);
        NeuroTrainerModel b(net, runNetwork(net, m, {}), report, charts);
        const std::int64_t total = a.expectedCycles();
        QVERIFY(total > 100);
        const std::int64_t mid = total / 2 + 7;
        a.runUntil(mid);
        for (std::int64_t c = 0; c < mid; ++c) b.step();
        QCOMPARE(a.cycle(), mid);
        QCOMPARE(b.cycle(), mid);
        QCOMPARE(a.saveState(), b.saveState());
        const std::string saved = a.saveState();
        a.runUntil(total);
        QVERIFY(a.done());
        QCOMPARE(a.cycle(), total);
        a.loadState(saved);
        QCOMPARE(a.cycle(), mid);
        a.step();
        b.step();
        QCOMPARE(a.saveState(), b.saveState());
    }
};

QTEST_GUILESS_MAIN(TestNtModel)
#include "test_nt_model.moc"
