// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The bridge between one clocked model and the GUI (docs/architecture.md "Threading model"). The model and its History live on a worker
// thread; every public slot posts a request there, so the GUI never blocks on a simulation. Results come back as
// signals emitted on the GUI thread.
//
// It lives in views/ (not app/) because views need it: a view reads state from these signals and changes the
// model only through these slots or a ParamEditCommand — never by touching a model.
//
// Two kinds of per-cycle notification (as in Ripes):
//  * frameReady / cycleChanged / metricsChanged are for painting: throttled to the display rate (≤ 60 Hz), the
//    latest state wins, intermediate cycles are skipped. metricsChanged follows every step and seek, and while
//    running at most a few times a second (less often when the model's metrics() are slow).
//  * cycleRecorded is for recorders (e.g. a space-time diagram): every cycle in order, starting with the frame
//    of cycle 0 after a reset or load. It is only produced while at least one slot is connected to it (the run
//    then steps cycle by cycle instead of skipping ahead), so connect recorders before loading a scenario.
//    timelineRewound(c) says recorded cycles after c are void (−1: all of them; a reset, load or parameter
//    change); it arrives in order with cycleRecorded.
//
// Building a model can take long (the tdnn module trains its networks when it is built). A build runs on the
// worker thread like everything else; buildStarted / buildProgress / buildFinished tell the window how far it is,
// and cancelBuild() (or a newer load, or closing) stops it at its next progress report — the old model stays.

#include "core/scenario/scenario_edit.h"
#include "core/sim/chart_spec.h"
#include "core/sim/clocked_model.h"
#include "core/sim/frame.h"
#include "core/sim/metrics_report.h"
#include "core/sim/param_spec.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

using ScenarioPtr = std::shared_ptr<const Scenario>;
using MetricsPtr = std::shared_ptr<const MetricsReport>;
using ChartsPtr = std::shared_ptr<const std::vector<ChartSpec>>;

class SimulationController : public QObject {
    Q_OBJECT
public:
    static constexpr double MaxSpeed = 0;  // setSpeed(MaxSpeed): as fast as the machine goes

    explicit SimulationController(QObject* parent = nullptr);
    ~SimulationController() override;

    // The GUI thread's copy of the latest published state (what the last signals said).
    std::int64_t cycle() const { return cycle_; }
    std::int64_t expectedCycles() const { return expected_; }
    bool isDone() const { return done_; }
    bool isRunning() const { return running_; }
    double speed() const { return speed_; }
    ScenarioPtr scenario() const { return scenario_; }  // null before the first load
    FramePtr frame() const { return frame_; }
    MetricsPtr metrics() const { return metrics_; }
    ChartsPtr charts() const { return charts_; }

    // For tests and demos: runs an already built model (createModel is not called). applyParams cannot
    // rebuild such a model unless the scenario came from JSON and names a registered module.
    void loadModel(std::unique_ptr<ClockedModel> model, const Scenario& scenario);
    // An already-run model, shown at the cycle it is at without replaying it (an export after a batch run: no
    // module rebuilds or retrains for a snapshot). Only when a recorder is connected is it reset and replayed,
    // since a recorder needs every cycle from 0. The model now belongs to the controller's worker thread.
    void adoptModel(std::shared_ptr<ClockedModel> model, const Scenario& scenario);
    bool isBuilding() const { return building_; }  // a model is being built (GUI thread's view)

    // The worker's model as it is now (an export shows exactly this moment without replaying it). Blocks the
    // calling thread until the worker gets to it — after the current run slice, a few ms — or for at most
    // `timeoutMs` while the worker is busy building a model or replaying a long seek: then nullopt.
    struct Snapshot {
        ScenarioPtr scenario;  // null: no model is open
        std::int64_t cycle = 0;
        std::string state;     // the model's saveState() at `cycle`
        ChartsPtr charts;      // its charts at `cycle`
    };
    std::optional<Snapshot> snapshot(int timeoutMs);
    // Builds the scenario's model like loadScenario (on the worker thread, with build progress) and sets it to
    // `state` — another controller's Snapshot of the same scenario — instead of resetting it: shown at that cycle
    // with nothing replayed. (With a recorder connected it is reset and replayed from 0, as adoptModel.)
    void loadScenarioState(const Scenario& scenario, std::string state);

    // Like applyParamEdits, and records in `replaced` the values the edited keys had just before this edit took
    // effect (absent ones as nullopt) — on the worker thread, in order, so an edit queued behind another records
    // what that other one set, not what the GUI thread last heard. `replaced` stays empty if the edit fails.
    // Views validate first with editScenario (core/scenario/scenario_edit.h) to reject bad input.
    void applyParamEdits(const ParamEdits& edits, std::shared_ptr<ParamEdits> replaced);
    // Applies what `replaced` holds when the worker gets to it (nothing if it stayed empty): an undo.
    void restoreParamEdits(std::shared_ptr<const ParamEdits> replaced);

public slots:
    void loadScenario(const dfl::Scenario& scenario);  // builds its model; on failure error() and the old one stays
    void reset();
    void step();      // one cycle; pauses a run first
    void stepBack();  // one cycle back (History: checkpoint + replay)
    void seek(qint64 cycle);  // any cycle; while the scrubber drags only the latest target is executed
    void run();
    void pause();
    void toggleRun();
    void setSpeed(double cyclesPerSecond);  // MaxSpeed (0) = unlimited
    // Rebuilds the model from the scenario with these parameters changed, then returns to the same cycle. Bad
    // values → error(), the old model stays. This is how views edit (e.g. a pipeline partition drag).
    void applyParams(const std::map<std::string, dfl::ParamValue>& params);
    void applyParamEdits(const dfl::ParamEdits& edits);
    void cancelBuild();  // stops the model being built (and any load queued behind it); the old model stays
    void cancelSeek();   // stops a long seek (a replay) where it has got to

signals:
    void scenarioChanged(dfl::ScenarioPtr scenario);  // a scenario or parameter change took effect
    void frameReady(dfl::FramePtr frame);
    void cycleRecorded(dfl::FramePtr frame);
    void timelineRewound(qint64 lastValidCycle);
    void metricsChanged(dfl::MetricsPtr metrics, dfl::ChartsPtr charts);
    void cycleChanged(qint64 cycle, qint64 expectedCycles, bool done);
    void runningChanged(bool running);
    void error(const QString& message);
    void buildStarted(const QString& scenarioName);         // createModel began on the worker thread
    void buildProgress(double fraction, const QString& what);  // 0–1, at most ~20 times a second
    void buildFinished(bool cancelled);                      // built, failed (error() too) or cancelled
    // A seek that takes longer than a moment (a replay of a training module): announced once it has taken ~¼ s.
    void seekStarted(qint64 target);
    void seekProgress(double fraction);  // 0–1 of the way
    void seekFinished(bool cancelled);   // arrived, overtaken by a newer seek, or cancelled where it had got to

protected:
    void connectNotify(const QMetaMethod& signal) override;
    void disconnectNotify(const QMetaMethod& signal) override;

private:
    struct Engine;  // worker-thread state: scenario, model, history, run clock
    struct Published {
        FramePtr frame;
        std::int64_t cycle = 0, expected = -1;
        bool done = false;
        MetricsPtr metrics;  // null: unchanged since the last delivery
        ChartsPtr charts;
    };
    struct RecordEvent {
        FramePtr frame;  // null: a rewind to `rewoundTo`
        std::int64_t rewoundTo = -1;
    };

    template <class F> void post(F&& work);  // runs `work` on the worker thread, in order

    // Worker thread.
    enum class Start { Reset, AsIs };  // a loaded model starts from cycle 0, or where it is (adoptModel)
    void workEdit(const ParamEdits& edits, std::uint64_t generation, ParamEdits* replaced);
    void workLoad(std::shared_ptr<const Scenario> scenario, std::shared_ptr<ClockedModel> model, bool keepCycle,
                  std::uint64_t generation, Start start = Start::Reset, const std::string* state = nullptr);
    std::shared_ptr<ClockedModel> workBuild(const Scenario& scenario, std::uint64_t generation);  // null: cancelled
    void workSeek();
    void workRunSlice(std::uint64_t generation);
    void workStop();
    void workSeekTo(std::int64_t target);
    void publish(bool withMetrics);
    void record(FramePtr frame);
    void rewound(std::int64_t lastValid);
    void setWorkerRunning(bool running);
    void postError(const QString& message);
    bool recording() const { return recorders_.load() > 0; }

    // GUI thread.
    void deliver();
    void flushRecords();

    QThread thread_;
    QObject* worker_;  // lives on thread_; the context object for posted work
    std::unique_ptr<Engine> engine_;

    std::atomic<bool> runRequested_{false};
    std::atomic<std::uint64_t> runGeneration_{0};
    std::atomic<std::int64_t> seekTarget_{-1};
    std::atomic<bool> seekPosted_{false};
    std::atomic<bool> seekCancelled_{false};
    std::atomic<int> recorders_{0};
    std::atomic<std::uint64_t> loadGeneration_{0};  // every load, cancel and the destructor bump it: older builds stop

    std::mutex mutex_;  // guards pending_, deliveryScheduled_, records_, recordsScheduled_
    Published pending_;
    ScenarioPtr pendingScenario_;  // a load to announce with the next delivery
    bool deliveryScheduled_ = false;
    std::vector<RecordEvent> records_;
    bool recordsScheduled_ = false;

    // GUI-thread state.
    QTimer displayTimer_;
    QElapsedTimer sinceDelivery_;
    std::int64_t cycle_ = 0, expected_ = -1;
    bool done_ = false, running_ = false, building_ = false;
    double speed_ = 10;
    ScenarioPtr scenario_;
    FramePtr frame_;
    MetricsPtr metrics_;
    ChartsPtr charts_;
};

void registerControllerMetaTypes();

}  // namespace dfl

Q_DECLARE_METATYPE(dfl::FramePtr)
Q_DECLARE_METATYPE(dfl::ScenarioPtr)
Q_DECLARE_METATYPE(dfl::MetricsPtr)
Q_DECLARE_METATYPE(dfl::ChartsPtr)
Q_DECLARE_METATYPE(dfl::Scenario)
