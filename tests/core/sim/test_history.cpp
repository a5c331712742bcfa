// SPDX-License-Identifier: GPL-3.0-or-later
// History: unbounded step-back by checkpoints plus deterministic replay, on a small deterministic model.
#include "core/sim/history.h"
#include "core/sim/serialization.h"

#include <QtTest>

using namespace dfl;

namespace {

// A linear congruential generator with a running sum: every cycle changes the state unpredictably enough that
// a wrong replay would show.
struct CounterState {
    std::int64_t cycle = 0;
    std::uint64_t lcg = 12345;
    std::uint64_t sum = 0;
    std::vector<std::uint32_t> recent;  // a little variable-size state
    template <class Archive> void serialize(Archive& ar, unsigned) { ar & cycle & lcg & sum & recent; }
};

class CounterModel : public ClockedModel {
public:
    explicit CounterModel(std::int64_t length = std::numeric_limits<std::int64_t>::max()) : length_(length) {}
    void reset() override { s_ = CounterState{}; }
    void step() override {
        if (done()) return;
        s_.lcg = s_.lcg * 6364136223846793005ULL + 1442695040888963407ULL;
        s_.sum += s_.lcg >> 33;
        s_.recent.push_back(std::uint32_t(s_.lcg >> 40));
        if (s_.recent.size() > 4) s_.recent.erase(s_.recent.begin());
        ++s_.cycle;
        ++stepsTaken;
    }
    std::int64_t cycle() const override { return s_.cycle; }
    bool done() const override { return s_.cycle >= length_; }
    FramePtr frame() const override { return std::make_shared<Frame>(); }
    MetricsReport metrics() const override { return {}; }
    std::string saveState() const override { return serializeToBytes(s_); }
    void loadState(const std::string& bytes) override { deserializeFromBytes(bytes, s_); }
    std::int64_t stepsTaken = 0;

private:
    std::int64_t length_;
    CounterState s_;
};

std::string freshStateAt(std::int64_t cycle) {
    CounterModel m;
    m.reset();
    m.runUntil(cycle);
    return m.saveState();
}

}  // namespace

class TestHistory : public QObject {
    Q_OBJECT
private slots:
    void stepBackEqualsFreshRun_data() {
        QTest::addColumn<int>("forward");
        QTest::addColumn<int>("back");
        QTest::addColumn<int>("interval");
        QTest::newRow("within one interval") << 10 << 3 << 64;
        QTest::newRow("across one checkpoint") << 100 << 50 << 64;
        QTest::newRow("across many checkpoints") << 1000 << 937 << 16;
        QTest::newRow("back to zero") << 300 << 300 << 8;
        QTest::newRow("interval one") << 50 << 49 << 1;
    }
    void stepBackEqualsFreshRun() {
        QFETCH(int, forward);
        QFETCH(int, back);
        QFETCH(int, interval);
        CounterModel model;
        History history(model, interval);
        history.reset();
        for (int i = 0; i < forward; ++i) history.step();
        for (int i = 0; i < back; ++i) history.stepBack();
        QCOMPARE(model.cycle(), std::int64_t(forward - back));
        QCOMPARE(model.saveState(), freshStateAt(forward - back));
    }

    void seekForwardAndBackRepeatedly() {
        CounterModel model;
        History history(model, 32);
        history.reset();
        const std::int64_t targets[] = {500, 17, 499, 0, 260, 261, 33, 1000, 999};
        for (std::int64_t t : targets) {
            history.seek(t);
            QCOMPARE(model.cycle(), t);
            QCOMPARE(model.saveState(), freshStateAt(t));
        }
    }

    // A model run elsewhere (batch, before an export) is taken as it is; stepping back before that cycle replays.
    void adoptKeepsTheModelWhereItIs() {
        CounterModel model;
        model.reset();
        model.runUntil(300);
        History history(model, 64);
        history.adopt();
        QCOMPARE(model.cycle(), std::int64_t(300));
        history.seek(300);
        QCOMPARE(model.cycle(), std::int64_t(300));
        for (std::int64_t t : {std::int64_t(299), std::int64_t(10), std::int64_t(450), std::int64_t(300)}) {
            history.seek(t);
            QCOMPARE(model.cycle(), t);
            QCOMPARE(model.saveState(), freshStateAt(t));
        }
    }

    void stepBackAtZeroStaysAtZero() {
        CounterModel model;
        History history(model);
        history.reset();
        history.stepBack();
        QCOMPARE(model.cycle(), std::int64_t(0));
    }

    void stopsAtTheEndOfAFiniteRun() {
        CounterModel model(100);
        History history(model, 8);
        history.reset();
        history.runUntil(1000);
        QCOMPARE(model.cycle(), std::int64_t(100));
        history.seek(42);
        QCOMPARE(model.saveState(), freshStateAt(42));
    }

    // A million cycles: the checkpoint count stays under its cap (the interval grows instead), and going back
    // replays at most one interval.
    void memoryStaysBoundedForAMillionCycles() {
        CounterModel model;
        History history(model, 64, 256);
        history.reset();
        history.runUntil(1'000'000);
        QCOMPARE(model.cycle(), std::int64_t(1'000'000));
        QVERIFY(history.checkpointCount() <= 257);
        QVERIFY(history.checkpointBytes() < 256 * 1024);
        const std::int64_t before = model.stepsTaken;
        history.seek(123'456);
        QVERIFY(model.stepsTaken - before <= history.interval());
        QCOMPARE(model.saveState(), freshStateAt(123'456));
    }
};

QTEST_APPLESS_MAIN(TestHistory)
#include "test_history.moc"
