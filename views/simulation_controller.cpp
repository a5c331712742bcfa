// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/simulation_controller.h"

#include "core/modules/module_registry.h"
#include "core/sim/build_progress.h"
#include "core/sim/history.h"
#include "core/sim/input_error.h"

#include <QMetaMethod>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <limits>

namespace dfl {

namespace {
constexpr qint64 kSliceNs = 5'000'000;  // ≤ 5 ms of simulation per slice keeps pause and seek responsive
constexpr int kDisplayIntervalMs = 16;  // ≤ 60 Hz
constexpr qint64 kMetricsIntervalMs = 250;
}  // namespace

void registerControllerMetaTypes() {
    qRegisterMetaType<dfl::FramePtr>("dfl::FramePtr");
    qRegisterMetaType<dfl::ScenarioPtr>("dfl::ScenarioPtr");
    qRegisterMetaType<dfl::MetricsPtr>("dfl::MetricsPtr");
    qRegisterMetaType<dfl::ChartsPtr>("dfl::ChartsPtr");
    qRegisterMetaType<dfl::Scenario>("dfl::Scenario");
}

// Everything here is touched on the worker thread only (after construction, before destruction).
struct SimulationController::Engine {
    ScenarioPtr scenario;
    std::shared_ptr<ClockedModel> model;
    std::unique_ptr<History> history;  // refers to *model: reset before the model is replaced
    bool running = false;
    double speed = 10;
    QElapsedTimer runClock;
    std::int64_t runStartCycle = 0;
    std::int64_t chunk = 1;  // cycles per runUntil call at max speed, adapted to ~1–4 ms
    QElapsedTimer sinceMetrics;
    qint64 metricsCostMs = 0;
};

template <class F>
void SimulationController::post(F&& work) {
    QMetaObject::invokeMethod(worker_, std::forward<F>(work), Qt::QueuedConnection);
}

SimulationController::SimulationController(QObject* parent)
    : QObject(parent), worker_(new QObject), engine_(std::make_unique<Engine>()) {
    registerControllerMetaTypes();
    thread_.setObjectName("simulation");
    worker_->moveToThread(&thread_);
    thread_.start();
    displayTimer_.setSingleShot(true);
    connect(&displayTimer_, &QTimer::timeout, this, &SimulationController::deliver);
}

SimulationController::~SimulationController() {
    ++loadGeneration_;  // a build in progress stops at its next report instead of holding up the window's closing
    runRequested_ = false;
    ++runGeneration_;
    thread_.quit();
    thread_.wait();
    delete worker_;  // its thread has finished: no event is being processed
    engine_.reset();
}

// ---- GUI-thread API ---------------------------------------------------------------------------------------

void SimulationController::loadScenario(const Scenario& scenario) {
    auto s = std::make_shared<const Scenario>(scenario);
    const std::uint64_t generation = ++loadGeneration_;
    post([this, s, generation] { workLoad(s, nullptr, false, generation); });
}

void SimulationController::loadModel(std::unique_ptr<ClockedModel> model, const Scenario& scenario) {
    std::shared_ptr<ClockedModel> m(std::move(model));
    auto s = std::make_shared<const Scenario>(scenario);
    const std::uint64_t generation = ++loadGeneration_;
    post([this, s, m, generation] { workLoad(s, m, false, generation); });
}

void SimulationController::adoptModel(std::shared_ptr<ClockedModel> model, const Scenario& scenario) {
    auto s = std::make_shared<const Scenario>(scenario);
    const std::uint64_t generation = ++loadGeneration_;
    post([this, s, model, generation] { workLoad(s, model, false, generation, Start::AsIs); });
}

void SimulationController::loadScenarioState(const Scenario& scenario, std::string state) {
    auto s = std::make_shared<const Scenario>(scenario);
    const std::uint64_t generation = ++loadGeneration_;
    post([this, s, state = std::move(state), generation] { workLoad(s, nullptr, false, generation, Start::AsIs, &state); });
}

std::optional<SimulationController::Snapshot> SimulationController::snapshot(int timeoutMs) {
    // Shared with the posted work: a request that times out is answered later into a promise nobody reads.
    auto promise = std::make_shared<std::promise<Snapshot>>();
    std::future<Snapshot> answer = promise->get_future();
    post([this, promise] {
        try {
            Snapshot s;
            if (const auto& m = engine_->model) {
                s.scenario = engine_->scenario;
                s.cycle = m->cycle();
                s.state = m->saveState();
                s.charts = std::make_shared<const std::vector<ChartSpec>>(m->charts());
            }
            promise->set_value(std::move(s));
        } catch (...) {
            promise->set_exception(std::current_exception());
        }
    });
    if (answer.wait_for(std::chrono::milliseconds(timeoutMs)) != std::future_status::ready) return std::nullopt;
    return answer.get();
}

void SimulationController::cancelBuild() { ++loadGeneration_; }

void SimulationController::reset() {
    post([this] {
        workStop();
        if (!engine_->model) return;
        engine_->history->reset();
        rewound(-1);
        if (recording()) record(engine_->model->frame());
        publish(true);
    });
}

void SimulationController::step() {
    post([this] {
        workStop();
        if (!engine_->model) return;
        const std::int64_t before = engine_->model->cycle();
        engine_->history->step();
        if (recording() && engine_->model->cycle() != before) record(engine_->model->frame());
        publish(true);
    });
}

void SimulationController::stepBack() {
    post([this] {
        workStop();
        if (!engine_->model || engine_->model->cycle() == 0) return;
        workSeekTo(engine_->model->cycle() - 1);
        publish(true);
    });
}

void SimulationController::seek(qint64 cycle) {
    seekTarget_ = std::max<qint64>(0, cycle);
    if (seekPosted_.exchange(true)) return;  // a queued seek will pick up the newest target
    post([this] { workSeek(); });
}

void SimulationController::run() {
    post([this] {
        if (!engine_->model || engine_->model->done()) return;
        runRequested_ = true;
        const std::uint64_t generation = ++runGeneration_;
        engine_->runClock.start();
        engine_->runStartCycle = engine_->model->cycle();
        engine_->chunk = 1;
        setWorkerRunning(true);
        workRunSlice(generation);
    });
}

void SimulationController::pause() {
    runRequested_ = false;  // the current slice notices at once
    post([this] { workStop(); });
}

void SimulationController::toggleRun() {
    if (running_) pause();
    else run();
}

void SimulationController::setSpeed(double cyclesPerSecond) {
    speed_ = cyclesPerSecond > 0 ? cyclesPerSecond : MaxSpeed;
    const double s = speed_;
    post([this, s] {
        engine_->speed = s;
        engine_->runClock.start();  // the new pace counts from now
        if (engine_->model) engine_->runStartCycle = engine_->model->cycle();
    });
}

void SimulationController::applyParams(const std::map<std::string, ParamValue>& params) {
    ParamEdits edits;
    for (const auto& [key, value] : params) edits[key] = value;
    applyParamEdits(edits);
}

// Not a new generation: edits queue behind each other (each applies on top of the last); a load or cancel still
// stops them.
void SimulationController::applyParamEdits(const ParamEdits& edits) {
    const std::uint64_t generation = loadGeneration_.load();
    post([this, edits, generation] { workEdit(edits, generation, nullptr); });
}

void SimulationController::applyParamEdits(const ParamEdits& edits, std::shared_ptr<ParamEdits> replaced) {
    const std::uint64_t generation = loadGeneration_.load();
    post([this, edits, generation, replaced] { workEdit(edits, generation, replaced.get()); });
}

void SimulationController::restoreParamEdits(std::shared_ptr<const ParamEdits> replaced) {
    const std::uint64_t generation = loadGeneration_.load();
    post([this, replaced, generation] {
        if (!replaced->empty()) workEdit(*replaced, generation, nullptr);
    });
}

void SimulationController::connectNotify(const QMetaMethod& signal) {
    if (signal == QMetaMethod::fromSignal(&SimulationController::cycleRecorded)) ++recorders_;
}

void SimulationController::disconnectNotify(const QMetaMethod& signal) {
    if (signal == QMetaMethod::fromSignal(&SimulationController::cycleRecorded)) --recorders_;
}

void SimulationController::workEdit(const ParamEdits& edits, std::uint64_t generation, ParamEdits* replaced) {
    if (!engine_->scenario) {
        postError(tr("No scenario is open."));
        return;
    }
    std::shared_ptr<const Scenario> changed;
    try {
        changed = std::make_shared<const Scenario>(editScenario(*engine_->scenario, edits));
    } catch (const std::exception& e) {
        postError(QString::fromStdString(e.what()));
        return;
    }
    if (replaced) {
        const auto& before = engine_->scenario->params.values();
        for (const auto& [key, value] : edits) {
            const auto it = before.find(key);
            (*replaced)[key] = it == before.end() ? std::nullopt : std::optional<ParamValue>(it->second);
        }
    }
    workLoad(changed, nullptr, true, generation);
}

// Latest state wins; at most one delivery per display interval.
void SimulationController::deliver() {
    if (sinceDelivery_.isValid() && sinceDelivery_.elapsed() < kDisplayIntervalMs) {
        if (!displayTimer_.isActive()) displayTimer_.start(int(kDisplayIntervalMs - sinceDelivery_.elapsed()));
        return;
    }
    Published p;
    ScenarioPtr scenario;
    {
        std::lock_guard lock(mutex_);
        p = pending_;
        pending_.metrics.reset();
        pending_.charts.reset();
        std::swap(scenario, pendingScenario_);
        deliveryScheduled_ = false;
    }
    sinceDelivery_.start();
    if (scenario) {
        scenario_ = scenario;
        emit scenarioChanged(scenario_);
    }
    cycle_ = p.cycle;
    expected_ = p.expected;
    done_ = p.done;
    emit cycleChanged(cycle_, expected_, done_);
    if (p.frame && p.frame != frame_) {
        frame_ = p.frame;
        emit frameReady(frame_);
    }
    if (p.metrics) {
        metrics_ = p.metrics;
        charts_ = p.charts ? p.charts : std::make_shared<const std::vector<ChartSpec>>();
        emit metricsChanged(metrics_, charts_);
    }
}

void SimulationController::flushRecords() {
    std::vector<RecordEvent> events;
    {
        std::lock_guard lock(mutex_);
        events.swap(records_);
        recordsScheduled_ = false;
    }
    for (const RecordEvent& e : events) {
        if (e.frame) emit cycleRecorded(e.frame);
        else emit timelineRewound(e.rewoundTo);
    }
}

// ---- worker thread ----------------------------------------------------------------------------------------

std::shared_ptr<ClockedModel> SimulationController::workBuild(const Scenario& scenario, std::uint64_t generation) {
    QMetaObject::invokeMethod(this, [this, name = QString::fromStdString(scenario.name)] {
        building_ = true;
        emit buildStarted(name);
    }, Qt::QueuedConnection);
    auto finished = [this](bool cancelled) {
        QMetaObject::invokeMethod(this, [this, cancelled] {
            building_ = false;
            emit buildFinished(cancelled);
        }, Qt::QueuedConnection);
    };
    QElapsedTimer sinceReport;
    sinceReport.start();
    std::string lastWhat;
    BuildMonitor monitor(
        [&](double fraction, const std::string& what) {
            if (what == lastWhat && sinceReport.elapsed() < 50) return;  // ≤ 20 updates a second reach the GUI
            sinceReport.restart();
            lastWhat = what;
            QMetaObject::invokeMethod(this, [this, fraction, w = QString::fromStdString(what)] {
                emit buildProgress(fraction, w);
            }, Qt::QueuedConnection);
        },
        [this, generation] { return generation != loadGeneration_.load(); });
    try {
        std::shared_ptr<ClockedModel> model = createModel(scenario);
        finished(false);
        return model;
    } catch (const BuildCancelled&) {
        finished(true);
        return nullptr;
    } catch (...) {
        finished(false);
        throw;
    }
}

void SimulationController::workLoad(std::shared_ptr<const Scenario> scenario, std::shared_ptr<ClockedModel> model,
                                    bool keepCycle, std::uint64_t generation, Start start, const std::string* state) {
    if (generation != loadGeneration_.load() && !model) return;  // superseded or cancelled before it began
    const std::int64_t target = keepCycle && engine_->model ? engine_->model->cycle() : 0;
    try {
        if (!model) model = workBuild(*scenario, generation);
        if (!model) return;  // cancelled: the old model stays
        if (state) model->loadState(*state);
        auto history = std::make_unique<History>(*model);
        if (start == Start::AsIs && !recording()) history->adopt();
        else history->reset();
        runRequested_ = false;
        ++runGeneration_;
        setWorkerRunning(false);
        engine_->history = std::move(history);  // before the model it refers to goes
        engine_->model = std::move(model);
        engine_->scenario = scenario;
    } catch (const std::exception& e) {
        postError(QString::fromStdString(e.what()));  // the old model stays
        return;
    }
    rewound(-1);
    if (recording()) record(engine_->model->frame());
    {
        std::lock_guard lock(mutex_);
        pendingScenario_ = scenario;
    }
    if (target > 0) workSeekTo(target);
    publish(true);
}

void SimulationController::workSeek() {
    seekPosted_ = false;
    workStop();
    if (!engine_->model) return;
    workSeekTo(seekTarget_.load());
    publish(true);
}

void SimulationController::workSeekTo(std::int64_t target) {
    // In slices, so a long replay (a training module steps slowly) reports its progress and can be cancelled or
    // overtaken by a newer seek: the window shows "Replaying to cycle N" with a bar and Cancel after a moment.
    constexpr qint64 kAnnounceAfterMs = 250, kSliceMs = 40;
    ClockedModel& m = *engine_->model;
    seekCancelled_ = false;
    if (target < m.cycle()) {
        // Back: to the checkpoint at or before the target (a restore, no replay), then forward like any seek.
        const std::int64_t interval = std::max<std::int64_t>(1, engine_->history->interval());
        engine_->history->seek(target / interval * interval);
        rewound(m.cycle());
    }
    const std::int64_t from = m.cycle();
    QElapsedTimer clock;
    clock.start();
    bool announced = false, cancelled = false;
    std::int64_t slice = 1;  // cycles per slice: doubled while a slice is quick, halved when it is slow
    while (m.cycle() < target && !m.done()) {
        if (seekCancelled_.exchange(false)) {
            cancelled = true;
            break;
        }
        if (seekPosted_.load()) break;  // a newer seek is queued: it goes on from here
        const std::int64_t before = m.cycle();
        QElapsedTimer sliceClock;
        sliceClock.start();
        const std::int64_t until = std::min(target, before + slice);
        if (!recording()) {
            engine_->history->runUntil(until);
        } else {
            while (m.cycle() < until && !m.done()) {  // recorders need every cycle
                const std::int64_t was = m.cycle();
                engine_->history->step();
                if (m.cycle() == was) break;
                record(m.frame());
            }
        }
        if (m.cycle() == before) break;
        slice = sliceClock.elapsed() < kSliceMs ? slice * 2 : std::max<std::int64_t>(1, slice / 2);
        if (clock.elapsed() >= kAnnounceAfterMs) {
            const double fraction = double(m.cycle() - from) / double(std::max<std::int64_t>(1, target - from));
            QMetaObject::invokeMethod(this, [this, target, fraction, first = !announced] {
                if (first) emit seekStarted(target);
                emit seekProgress(fraction);
            }, Qt::QueuedConnection);
            announced = true;
        }
    }
    if (announced)
        QMetaObject::invokeMethod(this, [this, cancelled] { emit seekFinished(cancelled); }, Qt::QueuedConnection);
}

void SimulationController::cancelSeek() { seekCancelled_ = true; }

void SimulationController::workStop() {
    runRequested_ = false;
    ++runGeneration_;
    if (engine_->running) {
        setWorkerRunning(false);
        publish(true);
    }
}

void SimulationController::workRunSlice(std::uint64_t generation) {
    if (generation != runGeneration_.load()) return;  // a stale chain from an earlier run
    Engine& e = *engine_;
    if (!runRequested_ || !e.model) {
        workStop();
        return;
    }
    ClockedModel& m = *e.model;
    QElapsedTimer slice;
    slice.start();
    std::int64_t target = std::numeric_limits<std::int64_t>::max();
    if (e.speed > 0)  // the first cycle at once, then one every 1/speed seconds
        target = e.runStartCycle + 1 + std::int64_t(e.speed * double(e.runClock.nsecsElapsed()) / 1e9);
    bool stuck = false;
    while (m.cycle() < target && !m.done() && runRequested_ && slice.nsecsElapsed() < kSliceNs) {
        const std::int64_t before = m.cycle();
        if (recording()) {
            e.history->step();
            if (m.cycle() != before) record(m.frame());
        } else {
            const std::int64_t next = before + std::min(e.chunk, target - before);
            QElapsedTimer t;
            t.start();
            e.history->runUntil(next);
            const qint64 ns = t.nsecsElapsed();
            if (ns < 1'000'000 && e.chunk < (std::int64_t(1) << 40)) e.chunk *= 2;
            else if (ns > 4'000'000 && e.chunk > 1) e.chunk /= 2;
        }
        if (m.cycle() == before) {
            stuck = true;  // a model that cannot advance: stop instead of spinning
            break;
        }
    }
    if (m.done() || stuck) {
        workStop();
        return;
    }
    publish(e.sinceMetrics.isValid() && e.sinceMetrics.elapsed() >= std::max(kMetricsIntervalMs, 10 * e.metricsCostMs));
    if (e.speed > 0 && m.cycle() >= target) {
        const double dueMs = double(m.cycle() - e.runStartCycle) / e.speed * 1000.0;  // when cycle()+1 is due
        const int wait = std::clamp(int(std::ceil(dueMs - double(e.runClock.elapsed()))), 1, 100);
        QTimer::singleShot(wait, worker_, [this, generation] { workRunSlice(generation); });
    } else {
        post([this, generation] { workRunSlice(generation); });
    }
}

void SimulationController::publish(bool withMetrics) {
    Engine& e = *engine_;
    if (!e.model) return;
    Published p;
    p.frame = e.model->frame();
    p.cycle = e.model->cycle();
    p.expected = e.model->expectedCycles();
    p.done = e.model->done();
    if (withMetrics) {
        QElapsedTimer t;
        t.start();
        try {
            auto report = std::make_shared<MetricsReport>(e.model->metrics());
            report->scenario = e.scenario->name;
            report->checkReferences(e.scenario->references);
            p.metrics = report;
            p.charts = std::make_shared<const std::vector<ChartSpec>>(e.model->charts());
        } catch (const std::exception& ex) {
            postError(tr("The model could not report its metrics: %1").arg(QString::fromStdString(ex.what())));
        }
        e.metricsCostMs = t.elapsed();
        e.sinceMetrics.start();
    }
    bool schedule = false;
    {
        std::lock_guard lock(mutex_);
        MetricsPtr keepMetrics = pending_.metrics;  // undelivered metrics survive a metrics-less update
        ChartsPtr keepCharts = pending_.charts;
        pending_ = p;
        if (!p.metrics) {
            pending_.metrics = keepMetrics;
            pending_.charts = keepCharts;
        }
        schedule = !deliveryScheduled_;
        deliveryScheduled_ = true;
    }
    if (schedule) QMetaObject::invokeMethod(this, [this] { deliver(); }, Qt::QueuedConnection);
}

void SimulationController::record(FramePtr frame) {
    bool schedule = false;
    {
        std::lock_guard lock(mutex_);
        records_.push_back({std::move(frame), -1});
        schedule = !recordsScheduled_;
        recordsScheduled_ = true;
    }
    if (schedule) QMetaObject::invokeMethod(this, [this] { flushRecords(); }, Qt::QueuedConnection);
}

void SimulationController::rewound(std::int64_t lastValid) {
    if (!recording()) return;
    bool schedule = false;
    {
        std::lock_guard lock(mutex_);
        records_.push_back({nullptr, lastValid});
        schedule = !recordsScheduled_;
        recordsScheduled_ = true;
    }
    if (schedule) QMetaObject::invokeMethod(this, [this] { flushRecords(); }, Qt::QueuedConnection);
}

void SimulationController::setWorkerRunning(bool running) {
    if (engine_->running == running) return;
    engine_->running = running;
    QMetaObject::invokeMethod(this, [this, running] {
        running_ = running;
        emit runningChanged(running);
    }, Qt::QueuedConnection);
}

void SimulationController::postError(const QString& message) {
    QMetaObject::invokeMethod(this, [this, message] { emit error(message); }, Qt::QueuedConnection);
}

}  // namespace dfl
