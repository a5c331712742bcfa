// SPDX-License-Identifier: GPL-3.0-or-later
// The cycle-stepped array against the closed form, and the dataflow itself: every PE multiplies the right
// input with the right weight, every product of the convolution happens exactly once.
#include "core/cgra/cgra_analysis.h"
#include "core/cgra/cgra_array.h"
#include "core/cgra/cgra_config.h"
#include "core/sim/serialization.h"

#include <QtTest>

#include <map>
#include <tuple>

using namespace dfl;
using namespace dfl::cgra;

namespace {

struct TestShape {
    int px, py, threads, ci, co, kernel, stride, nix, niy, groups;
};

// Small layers: remainders in x and y, strides 1–5 (also larger than H), T below, equal to and above Co,
// 1×1 kernels, single-PE arrays, grouped convolutions.
const TestShape kShapes[] = {
    {4, 4, 1, 1, 1, 3, 1, 6, 6, 1},    {4, 4, 2, 2, 4, 3, 1, 10, 10, 1},  {4, 4, 4, 2, 4, 3, 1, 10, 10, 1},
    {4, 4, 8, 2, 4, 3, 1, 10, 10, 1},  {4, 4, 3, 3, 7, 3, 1, 11, 9, 1},   {3, 5, 2, 2, 5, 3, 1, 12, 8, 1},
    {5, 3, 1, 1, 3, 5, 1, 13, 11, 1},  {4, 4, 2, 2, 3, 3, 2, 11, 11, 1},  {4, 4, 2, 2, 3, 3, 2, 12, 10, 1},
    {4, 4, 1, 1, 2, 5, 3, 17, 14, 1},  {4, 2, 4, 3, 6, 11, 4, 31, 27, 1}, {2, 2, 3, 2, 5, 2, 3, 9, 9, 1},
    {4, 4, 2, 2, 3, 1, 1, 5, 7, 1},    {4, 4, 2, 2, 3, 1, 2, 9, 9, 1},    {1, 1, 1, 2, 2, 3, 1, 5, 5, 1},
    {1, 4, 2, 1, 3, 3, 1, 7, 6, 1},    {6, 1, 5, 2, 9, 3, 1, 9, 4, 1},    {8, 8, 16, 2, 16, 3, 1, 10, 10, 1},
    {8, 8, 16, 2, 20, 3, 1, 19, 12, 1}, {3, 3, 1, 1, 1, 3, 1, 3, 3, 1},   {4, 4, 2, 4, 4, 3, 1, 10, 10, 2},
    {4, 4, 3, 6, 6, 3, 2, 9, 9, 3},    {2, 3, 2, 2, 2, 4, 1, 9, 9, 1},    {5, 5, 7, 1, 7, 2, 2, 12, 12, 1},
    {4, 4, 1, 1, 2, 3, 5, 13, 13, 1},  {7, 2, 3, 2, 4, 3, 1, 15, 6, 1},   {4, 4, 100, 3, 5, 3, 1, 8, 8, 1},
    {2, 2, 1, 1, 1, 2, 2, 8, 8, 1},    {4, 6, 2, 1, 4, 3, 3, 20, 23, 1},  {16, 16, 8, 1, 8, 3, 1, 20, 20, 1},
    {3, 2, 4, 3, 8, 3, 4, 14, 10, 1},  {4, 4, 2, 2, 2, 6, 2, 14, 12, 1},
};

CgraConfig configOf(const TestShape& s, BufferKind buffers = BufferKind::MultiPort) {
    CgraConfig c;
    c.px = s.px;
    c.py = s.py;
    c.threads = s.threads;
    c.buffers = buffers;
    return c;
}

CgraLayer layerOf(const TestShape& s) {
    CgraLayer l = convLayer("L", s.ci, s.co, s.kernel, s.stride, s.nix, s.niy);
    l.groups = s.groups;
    return l;
}

QString describe(const TestShape& s) {
    return QString("Px=%1 Py=%2 T=%3 Ci=%4 Co=%5 H=%6 s=%7 in %8x%9 g=%10")
        .arg(s.px).arg(s.py).arg(s.threads).arg(s.ci).arg(s.co).arg(s.kernel).arg(s.stride).arg(s.nix).arg(s.niy)
        .arg(s.groups);
}

void compareCosts(const LayerCost& a, const LayerCost& b) {
    QCOMPARE(a.cycles, b.cycles);
    QCOMPARE(a.inputWords, b.inputWords);
    QCOMPARE(a.weightWords, b.weightWords);
    QCOMPARE(a.outputWords, b.outputWords);
    QCOMPARE(a.bufferReads, b.bufferReads);
    QCOMPARE(a.bufferWritesMultiport, b.bufferWritesMultiport);
    QCOMPARE(a.bufferWritesMultibank, b.bufferWritesMultibank);
    QCOMPARE(a.macs, b.macs);
    QCOMPARE(a.assignedPeCycles, b.assignedPeCycles);
}

LayerCost stepToEnd(CgraArray& array) {
    while (!array.done()) array.step();
    return array.state().counted;
}

}  // namespace

class TestCgraArray : public QObject {
    Q_OBJECT
private slots:
    void cycleModelEqualsClosedForm_data() {
        QTest::addColumn<int>("index");
        for (int i = 0; i < int(std::size(kShapes)); ++i)
            QTest::newRow(describe(kShapes[i]).toUtf8().constData()) << i;
    }
    void cycleModelEqualsClosedForm() {
        QFETCH(int, index);
        const TestShape& s = kShapes[index];
        CgraArray array(configOf(s), layerOf(s));
        const LayerCost stepped = stepToEnd(array);
        compareCosts(stepped, closedFormCost(configOf(s), layerOf(s)));
        QCOMPARE(array.cycle(), array.totalCycles());
    }

    void tableHasAtLeastThirtyShapes() { QVERIFY(std::size(kShapes) >= 30); }

    void strideOneMatchesTheRestatedEquations() {
        // Eq. (1) exactly; Eq. (2) exactly whenever Py divides Noy (no remainder row block).
        for (const TestShape& s : kShapes) {
            if (s.stride != 1) continue;
            const CgraLayer l = layerOf(s);
            const LayerCost k = closedFormCost(configOf(s), l);
            QCOMPARE(k.cycles, paperEq1Cycles(configOf(s), l));
            if (l.noy % s.py == 0) QCOMPARE(k.inputWords, paperEq2InputWords(configOf(s), l));
        }
    }

    void skippingRunEqualsSteppedRun() {
        for (const TestShape& s : kShapes) {
            CgraArray stepped(configOf(s), layerOf(s)), skipped(configOf(s), layerOf(s));
            const std::int64_t middle = stepped.totalCycles() / 3 + 1;
            for (std::int64_t i = 0; i < middle; ++i) stepped.step();
            skipped.runUntil(middle);
            QCOMPARE(skipped.cycle(), middle);
            QCOMPARE(serializeToBytes(skipped.state()), serializeToBytes(stepped.state()));
        }
    }

    void fcLayersAgreeForBothMappings() {
        for (FcMapping mapping : {FcMapping::RowBuffers, FcMapping::WeightBus})
            for (auto [px, py, ni, no] : {std::tuple{4, 4, 10, 16}, {4, 4, 7, 37}, {3, 2, 5, 6}, {2, 5, 3, 1}}) {
                CgraConfig c;
                c.px = px, c.py = py, c.fcMapping = mapping;
                const CgraLayer l = fcLayer("fc", ni, no);
                CgraArray array(c, l);
                compareCosts(stepToEnd(array), closedFormCost(c, l));
                if (mapping == FcMapping::RowBuffers) {
                    QCOMPARE(array.cycle(), paperEq6Cycles(c, l));
                    // Eq. (7) counts Px·Py weights per input per block; only the Ni·No real ones are fetched.
                    const LayerCost k = array.state().counted;
                    QCOMPARE(k.inputWords + k.weightWords + ni * (ceilDiv(no, c.pes()) * c.pes() - no),
                             paperEq7InputWords(c, l));
                }
            }
    }

    void everyProductHappensOnceWithTheRightInput() {
        // Follow the dataflow cycle by cycle: each multiplying PE must hold input (oy·s + ky, ox·s + kx) for the
        // broadcast weight (co, ci, ky, kx), and each product of the convolution must occur exactly once.
        for (const TestShape& s : kShapes) {
            if (s.groups != 1) continue;
            const CgraLayer l = layerOf(s);
            CgraArray array(configOf(s), l);
            std::map<std::tuple<int, int, int, int, int, int>, int> seen;
            while (!array.done()) {
                if (array.macsNow()) {
                    const int kx = array.kernelColumn(), ky = array.state().ky, ci = array.state().ci;
                    const int co = array.outputChannel();
                    for (const PeView& pe : array.peViews()) {
                        if (!pe.mac) continue;
                        QVERIFY(pe.hasInput);
                        QCOMPARE(pe.inRow, pe.outY * l.stride + ky);
                        QCOMPARE(pe.inCol, pe.outX * l.stride + kx);
                        ++seen[{pe.outX, pe.outY, co, ci, ky, kx}];
                    }
                }
                array.step();
            }
            QCOMPARE(std::int64_t(seen.size()), std::int64_t(l.nox) * l.noy * l.co * l.ci * l.kernel * l.kernel);
            for (const auto& [key, count] : seen) QCOMPARE(count, 1);
        }
    }

    void utilisationIsOneExactlyWhenTheArrayDividesTheOutput() {
        for (int px = 1; px <= 6; ++px)
            for (int py = 1; py <= 6; ++py)
                for (int n = 3; n <= 14; ++n) {
                    CgraConfig c;
                    c.px = px, c.py = py, c.threads = 2;
                    const CgraLayer l = convLayer("L", 1, 2, 3, 1, n + 2, n + 3);  // Nox = n, Noy = n + 1
                    const double u = utilisation(c, closedFormCost(c, l));
                    const bool divides = l.nox % px == 0 && l.noy % py == 0;
                    QCOMPARE(u == 1.0, divides);
                    // Eq. (10): Nox·Noy / (Px·Py·⌈Nox/Px⌉·⌈Noy/Py⌉).
                    QCOMPARE(u, double(l.nox) * l.noy / (double(px) * py * ceilDiv(l.nox, px) * ceilDiv(l.noy, py)));
                }
        // The stepped model's PE activity gives the same figure.
        CgraConfig c;
        c.px = 4, c.py = 4, c.threads = 3;
        CgraArray array(c, convLayer("L", 2, 3, 3, 1, 12, 9));  // 10 x 7 outputs: Rx = 2, Ry = 3
        stepToEnd(array);
        QCOMPARE(utilisation(c, array.state().counted), 70.0 / (16.0 * 3 * 2));
    }

    void multiBankWritesUpToHTimesPerElement() {
        CgraConfig c;
        c.px = c.py = 16;
        c.threads = 64;
        const CgraLayer l = convLayer("L", 8, 64, 3, 1, 34, 34);  // 32 x 32 outputs
        const LayerCost k = closedFormCost(c, l);
        QCOMPARE(k.bufferWritesMultiport, k.inputWords);
        const double perElement = double(k.bufferWritesMultibank) / double(k.inputWords);
        QVERIFY2(perElement > 1.5 && perElement <= l.kernel, qPrintable(QString::number(perElement)));
        // 1×1 kernels never move rows between banks.
        const CgraLayer pointwise = convLayer("P", 8, 64, 1, 1, 32, 32);
        const LayerCost p = closedFormCost(c, pointwise);
        QCOMPARE(p.bufferWritesMultibank, p.bufferWritesMultiport);
    }

    void saveAndLoadRestoreTheExactState() {
        const TestShape& s = kShapes[10];
        CgraArray a(configOf(s), layerOf(s));
        a.runUntil(a.totalCycles() / 2 + 3);
        const std::string bytes = serializeToBytes(a.state());
        ArrayState restored;
        deserializeFromBytes(bytes, restored);
        CgraArray b(configOf(s), layerOf(s));
        b.setState(restored);
        a.runUntil(a.totalCycles());
        b.runUntil(b.totalCycles());
        QCOMPARE(serializeToBytes(a.state()), serializeToBytes(b.state()));
    }
};

QTEST_GUILESS_MAIN(TestCgraArray)
#include "test_cgra_array.moc"
