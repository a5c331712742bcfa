// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/convergence_report.h"

#include "core/convergence/schedule_plan.h"
#include "core/network/network_io.h"
#include "core/sim/metrics_json.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace dfl {

namespace {

// KobePipeline, slide "Training convergences evaluation", and the issue: VGG-F on ImageNet to a 75 % miss rate.
const std::map<int, double> publishedSpeedups{{2, 2.0}, {4, 3.5}, {8, 5.1}};

// A figure about reaching the target, for a run that never did: a number like 0 would read as a result.
const double kNotReached = std::numeric_limits<double>::quiet_NaN();

std::string suffix(const RunSpec& spec) {
    if (spec.stages == 0) return "naive";
    std::string key = "p";  // appended: GCC 12 warns falsely (-Wrestrict) on "p" + std::to_string
    key += std::to_string(spec.stages);
    return spec.weightStashing ? key + "_stash" : key;
}

std::string stageLayers(const ScheduleTiming& t, int stage, const std::vector<std::string>& layerNames) {
    const int first = t.partition.firstLayer(stage), last = t.partition.lastLayer(stage);
    return first == last ? layerNames.at(size_t(first)) : layerNames.at(size_t(first)) + ".." + layerNames.at(size_t(last));
}

// Naive SGD's time to the target over this run's; NaN (reported "n/a") when either never reached it.
double speedupToTarget(const TargetCrossing& naive, const TargetCrossing& run) {
    return naive.reached && run.reached && run.timeMs > 0 ? naive.timeMs / run.timeMs : kNotReached;
}

// VGG-F split by the pipeline module's own optimiser into 4 stages at the seed's mini-batch of 32: the throughput
// gain its slowest stage allows.
constexpr int SeedBatch = 32;
double vggF4StageThroughput(TimingAssumptions timing) {
    static const auto network = std::make_shared<const Network>(loadBuiltinNetwork("vgg-f"));
    timing.batch = SeedBatch;
    return pipelineTiming(network, 4, timing).throughputSpeedup();
}

}  // namespace

std::vector<RunResult> mainComparison(const std::vector<RunResult>& runs) {
    std::vector<RunResult> main;
    for (const RunResult& run : runs)
        if (run.spec.mainComparison()) main.push_back(run);
    return main;
}

std::vector<SeedOutcome> seedOutcomes(const ConvergenceConfig& config, const std::vector<RunResult>& runs) {
    std::vector<SeedOutcome> outcomes;
    for (const RunResult& run : runs) {
        if (run.spec.learningRate != 0 || run.spec.weightStashing || run.spec.stages == 0 || !run.spec.familySchedule.empty())
            continue;
        const RunResult* naive = nullptr;
        for (const RunResult& other : runs)
            if (other.spec.stages == 0 && other.spec.seedOffset == run.spec.seedOffset && other.spec.learningRate == 0)
                naive = &other;
        SeedOutcome o;
        o.stages = run.spec.stages;
        o.seed = config.seed + std::uint64_t(run.spec.seedOffset);
        o.naive = naive ? targetCrossing(naive->curve, config.targetError) : TargetCrossing{};
        o.pipelined = targetCrossing(run.curve, config.targetError);
        o.speedup = speedupToTarget(o.naive, o.pipelined);
        o.iterationRatio = o.naive.reached && o.pipelined.reached && o.naive.miniBatches > 0
                               ? o.pipelined.miniBatches / o.naive.miniBatches
                               : kNotReached;
        outcomes.push_back(o);
    }
    return outcomes;
}

namespace {

void addSeedStudy(MetricsReport& r, const ConvergenceConfig& config, const std::vector<RunResult>& runs) {
    const std::vector<SeedOutcome> outcomes = seedOutcomes(config, runs);
    r.add("seeds", config.seeds, "", "seeds " + std::to_string(config.seed) + ".." +
                                         std::to_string(config.seed + std::uint64_t(config.seeds) - 1),
          "how many seeds the comparison was trained with (each: its own initial weights and mini-batch order)");
    Table& table = r.addTable("seed_speedups", {{"schedule", ""}, {"seed", ""}, {"minibatches_naive", ""},
                                                {"minibatches_to_target", ""}, {"iteration_ratio", ""}, {"speedup", "×"}});
    for (const SeedOutcome& o : outcomes)
        table.addRow({"p" + std::to_string(o.stages), std::int64_t(o.seed), o.naive.reached ? o.naive.miniBatches : kNotReached,
                      o.pipelined.reached ? o.pipelined.miniBatches : kNotReached, o.iterationRatio, o.speedup});
    for (int p : config.stages) {
        std::vector<double> speedups, ratios;
        int missing = 0;
        for (const SeedOutcome& o : outcomes) {
            if (o.stages != p) continue;
            if (std::isnan(o.speedup)) ++missing;
            else {
                speedups.push_back(o.speedup);
                ratios.push_back(o.iterationRatio);
            }
        }
        const std::string key = "p" + std::to_string(p), label = std::to_string(p) + "-stage pipeline";
        const std::string over = std::to_string(speedups.size()) + " of " + std::to_string(speedups.size() + size_t(missing)) +
                                 " seeds reached the target in both runs";
        auto mean = [](const std::vector<double>& v) {
            return v.empty() ? kNotReached : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        };
        const double ratio = mean(ratios);
        r.add("speedup_" + key, mean(speedups), "×", "mean of t_naive / t_" + key + " over seeds; " + over,
              label + ": time to the target relative to naive SGD, mean over the seeds (n/a: never reached)");
        r.add("speedup_" + key + "_min", speedups.empty() ? kNotReached : *std::min_element(speedups.begin(), speedups.end()),
              "×", over, label + ": the smallest speed-up over the seeds");
        r.add("speedup_" + key + "_max", speedups.empty() ? kNotReached : *std::max_element(speedups.begin(), speedups.end()),
              "×", over, label + ": the largest speed-up over the seeds");
        r.add("iteration_ratio_" + key, ratio, "", "mean over seeds of mini-batches to target, " + key + " / naive; " + over,
              label + ": how many more mini-batches stale weights need (1: none)");
        r.add("ideal_clock_speedup_" + key, std::isnan(ratio) ? kNotReached : p / ratio, "×",
              "P / iteration_ratio = " + std::to_string(p) + " / " + formatNumber(ratio),
              label + ": the speed-up if every stage took 1/P of the work (a perfectly balanced pipeline)");
    }
    const double cap = vggF4StageThroughput(config.timing);
    r.add("throughput_cap_vgg_f_p4", cap, "×", "the pipeline module's optimal 4-stage partition of VGG-F, batch " +
                                                   std::to_string(SeedBatch),
          "VGG-F on 4 stages: the most its slowest stage allows, whatever the staleness");
    r.assumptions.push_back(
        "The seed's 3.5× (P = 4) and 5.1× (P = 8) for VGG-F exceed what VGG-F's stages allow: the pipeline module's "
        "own optimiser caps VGG-F at " + formatNumber(cap) + "× for P = 4 (throughput_cap_vgg_f_p4). Its time axis "
        "must therefore be idealised (P × the iteration ratio's inverse: ideal_clock_speedup_p{P}), not the stage "
        "timing of VGG-F.");
}

void addLearningRateStudy(MetricsReport& r, const ConvergenceConfig& config, const std::vector<RunResult>& runs) {
    if (config.lrGrid.empty()) return;
    // Every schedule at every learning rate of the grid and the scenario's (scenario seed only).
    std::vector<double> rates = config.lrGrid;
    if (std::find(rates.begin(), rates.end(), config.learningRate) == rates.end()) rates.push_back(config.learningRate);
    std::sort(rates.begin(), rates.end());
    auto rateOf = [&](const RunSpec& spec) { return spec.learningRate > 0 ? spec.learningRate : config.learningRate; };
    Table& grid = r.addTable("learning_rate_grid", {{"schedule", ""}, {"learning_rate", ""}, {"minibatches_to_target", ""},
                                                    {"time_to_target", "ms"}, {"final_test_error", ""}});
    struct Best {
        std::string schedule;
        int stages = 0;
        double rate = 0;
        TargetCrossing crossing;
    };
    std::vector<Best> best;
    std::vector<int> schedules{0};
    schedules.insert(schedules.end(), config.stages.begin(), config.stages.end());
    for (int p : schedules) {
        Best b{p == 0 ? "naive" : "p" + std::to_string(p), p, kNotReached, {}};
        for (double rate : rates)
            for (const RunResult& run : runs) {
                if (run.spec.stages != p || run.spec.weightStashing || run.spec.seedOffset != 0 || rateOf(run.spec) != rate ||
                    !run.spec.familySchedule.empty())
                    continue;
                const TargetCrossing c = targetCrossing(run.curve, config.targetError);
                grid.addRow({b.schedule, rate, c.reached ? c.miniBatches : kNotReached, c.reached ? c.timeMs : kNotReached,
                             run.curve.empty() ? kNotReached : run.curve.back().testError});
                if (c.reached && (!b.crossing.reached || c.timeMs < b.crossing.timeMs)) {
                    b.crossing = c;
                    b.rate = rate;
                }
            }
        best.push_back(b);
    }
    Table& table = r.addTable("best_learning_rate", {{"schedule", ""}, {"learning_rate", ""}, {"minibatches_to_target", ""},
                                                     {"time_to_target", "ms"}, {"speedup", "×"}});
    for (const Best& b : best) {
        const double speedup = b.stages == 0 ? 1.0 : speedupToTarget(best.front().crossing, b.crossing);
        table.addRow({b.schedule, b.rate, b.crossing.reached ? b.crossing.miniBatches : kNotReached,
                      b.crossing.reached ? b.crossing.timeMs : kNotReached, speedup});
        r.add("best_learning_rate_" + b.schedule, b.rate, "", b.crossing.reached ? "" : "no rate of the grid reached the target",
              (b.stages == 0 ? std::string("Naive SGD") : std::to_string(b.stages) + "-stage pipeline") +
                  ": the learning rate of the grid that reaches the target soonest");
        if (b.stages > 0)
            r.add("speedup_best_lr_" + b.schedule, speedup, "×", "each schedule at its own best learning rate",
                  std::to_string(b.stages) + "-stage pipeline at its best learning rate against naive SGD at its own");
    }
}

std::vector<RunResult> familyRuns(const std::vector<RunResult>& runs) {
    std::vector<RunResult> family;
    for (const RunResult& run : runs)
        if (!run.spec.familySchedule.empty()) family.push_back(run);
    return family;
}

std::string familyKey(const std::string& schedule) {
    std::string key = schedule;
    std::replace(key.begin(), key.end(), '-', '_');
    return key;
}

// The pipeline-schedule family trained on the same data (docs/schedules.md "Training"): time to the target against
// the memory each schedule needs.
void addScheduleFamily(MetricsReport& r, const ConvergenceConfig& config, const std::vector<RunResult>& allRuns) {
    const std::vector<RunResult> family = familyRuns(allRuns);
    if (family.empty()) return;
    Table& t = r.addTable("schedule_family", {{"schedule", ""}, {"stages", ""}, {"micro_batches", ""},
                                              {"minibatches_to_target", ""}, {"time_to_target", "ms"},
                                              {"peak_memory_gb", "GB"}, {"final_test_error", ""}});
    for (const RunResult& run : family) {
        const TargetCrossing c = targetCrossing(run.curve, config.targetError);
        const std::string key = familyKey(run.spec.familySchedule);
        const double finalError = run.curve.empty() ? kNotReached : run.curve.back().testError;
        t.addRow({run.spec.familySchedule, std::int64_t(run.spec.stages), std::int64_t(config.microBatches),
                  c.reached ? c.miniBatches : kNotReached, c.reached ? c.timeMs : kNotReached, run.timing.memoryGb, finalError});
        r.add("time_to_target_ms_" + key, c.reached ? c.timeMs : kNotReached, "ms",
              c.reached ? "on the schedule's own timeline (stage costs at " +
                              std::to_string(config.batch / config.microBatches) + " samples per micro-batch)"
                        : "not reached",
              run.spec.familySchedule + ", P = " + std::to_string(run.spec.stages) + ": time until the test error reaches the target");
        r.add("peak_memory_gb_" + key, run.timing.memoryGb, "GB", "Σ stage memory with the schedule's peak and versions",
              run.spec.familySchedule + ": memory of all stages at the schedule's peak");
        r.add("final_test_error_" + key, finalError, "", "", run.spec.familySchedule + ": test error after the last mini-batch");
    }
    r.assumptions.push_back(
        "Schedule runs: every mini-batch of " + std::to_string(config.batch) + " samples is split into " +
        std::to_string(config.microBatches) + " micro-batches. gpipe, 1f1b, interleaved-1f1b (v = " +
        std::to_string(kTrainingVirtualStages) + ") and zb-h1 update once per mini-batch with the mean of the micro-batch "
        "gradients, summed in micro-batch order: naive SGD with gradient accumulation. layer-block and pipedream "
        "update after every micro-batch, pipedream-2bw after every P; their passes read the weight versions of the "
        "schedule's timeline (pipedream and 2BW stash them for the backward pass, layer-block does not).");
}

}  // namespace

SeriesRole runRole(const RunSpec& spec) {
    switch (spec.stages) {
    case 0: return SeriesRole::Reference;
    case 2: return SeriesRole::Other1;
    case 4: return SeriesRole::Other2;
    case 8: return SeriesRole::Other3;
    default: return SeriesRole::Other4;
    }
}

std::string runLabel(const RunSpec& spec) {
    if (spec.stages == 0) return "Naive SGD";
    return std::to_string(spec.stages) + (spec.weightStashing ? "-stage, weight stashing" : "-stage pipeline");
}

TargetCrossing targetCrossing(const std::vector<CurvePoint>& curve, double target) {
    for (size_t i = 0; i < curve.size(); ++i) {
        if (curve[i].testError > target) continue;
        if (i == 0) return {true, double(curve[0].miniBatches), curve[0].timeMs};
        const CurvePoint &a = curve[i - 1], &b = curve[i];
        const double f = (a.testError - target) / (a.testError - b.testError);  // a is above, b at or below
        return {true, double(a.miniBatches) + f * double(b.miniBatches - a.miniBatches), a.timeMs + f * (b.timeMs - a.timeMs)};
    }
    return {};
}

namespace {

// "Naive SGD 226, 2-stage pipeline 227, …; never: 8-stage pipeline" — captions state what this run measured.
std::string miniBatchesToTargetText(const std::vector<RunResult>& runs, double target) {
    std::string reached, never;
    for (const RunResult& run : runs) {
        const TargetCrossing c = targetCrossing(run.curve, target);
        std::string& list = c.reached ? reached : never;
        if (!list.empty()) list += ", ";
        list += runLabel(run.spec);
        if (c.reached) list += " " + formatNumber(std::round(c.miniBatches));
    }
    if (never.empty()) return reached;
    return reached + (reached.empty() ? "never: " : "; never: ") + never;
}

}  // namespace

MetricsReport convergenceReport(const std::string& scenarioName, const ConvergenceConfig& config,
                                const std::vector<RunResult>& allRuns, const std::vector<std::string>& layerNames) {
    const std::vector<RunResult> runs = mainComparison(allRuns);
    MetricsReport r;
    r.scenario = scenarioName;
    r.module = "convergence";
    r.add("target_error", config.targetError, "", "", "test error each run must reach (fraction misclassified)");
    const RunResult* naive = nullptr;
    for (const RunResult& run : runs)
        if (run.spec.stages == 0) naive = &run;
    const TargetCrossing naiveCrossing = naive ? targetCrossing(naive->curve, config.targetError) : TargetCrossing{};

    Table& schedules = r.addTable("schedules", {{"schedule", ""}, {"stages", ""}, {"partition", ""}, {"cycle_ms", "ms"},
                                                {"throughput_speedup", "×"}, {"minibatches_to_target", ""},
                                                {"time_to_target", "ms"}, {"speedup", "×"}, {"final_test_error", ""}});
    int reached = 0;
    for (const RunResult& run : runs) {
        const TargetCrossing c = targetCrossing(run.curve, config.targetError);
        reached += c.reached;
        const std::string key = suffix(run.spec);
        const double finalError = run.curve.empty() ? 0 : run.curve.back().testError;
        r.add("final_test_error_" + key, finalError, "", "", runLabel(run.spec) + ": test error after the last mini-batch");
        const std::string notReached = "not reached in " + std::to_string(config.totalMiniBatches()) + " mini-batches";
        r.add("minibatches_to_target_" + key, c.reached ? c.miniBatches : kNotReached, "mini-batches",
              c.reached ? "" : notReached,
              runLabel(run.spec) + ": mini-batches until the test error reaches the target (n/a: never)");
        r.add("time_to_target_ms_" + key, c.reached ? c.timeMs : kNotReached, "ms",
              !c.reached ? notReached
              : run.spec.stages == 0 ? "mini-batches × " + formatNumber(run.timing.cycleMs) + " ms"
                                     : "(mini-batches + 2P − 1) cycles × " + formatNumber(run.timing.cycleMs) + " ms",
              runLabel(run.spec) + ": time until the test error reaches the target (n/a: never)");
        double speedup = 1;  // naive against itself
        if (run.spec.stages > 0) {
            speedup = speedupToTarget(naiveCrossing, c);
            if (run.spec.weightStashing) r.add("speedup_" + key, speedup, "×",
                  std::isnan(speedup) ? (c.reached ? "naive SGD " : runLabel(run.spec) + " ") + "never reached the target"
                                      : "t_naive / t_" + key + " = " + formatNumber(naiveCrossing.timeMs) + " ms / " +
                                            formatNumber(c.timeMs) + " ms",
                  runLabel(run.spec) + ": time to the target relative to naive SGD (n/a: one of them never reached it)");
            r.add("throughput_speedup_" + key, run.timing.throughputSpeedup(), "×",
                  formatNumber(run.timing.singleWorkerMs) + " ms / " + formatNumber(run.timing.cycleMs) + " ms",
                  runLabel(run.spec) + ": mini-batches per second against one worker (what it would be without staleness)");
            if (auto it = publishedSpeedups.find(run.spec.stages); it != publishedSpeedups.end() && !run.spec.weightStashing)
                r.assumptions.push_back("KobePipeline published " + formatNumber(it->second) + "× for " +
                                        std::to_string(run.spec.stages) +
                                        " stages (VGG-F on ImageNet to a 75 % miss rate); measured here on Fashion-MNIST: " +
                                        (std::isnan(speedup) ? "the target was not reached." : formatNumber(speedup) + "×."));
        }
        std::string cut;
        for (int s = 1; s < run.timing.partition.stages(); ++s)
            cut += (cut.empty() ? "" : ",") + layerNames.at(size_t(run.timing.partition.firstLayer(s)));
        schedules.addRow({run.spec.name, std::int64_t(run.spec.stages), cut, run.timing.cycleMs,
                          run.timing.throughputSpeedup(), c.reached ? c.miniBatches : kNotReached, c.reached ? c.timeMs : kNotReached,
                          speedup, finalError});
    }
    r.add("runs_reaching_target", reached, "", "", "runs whose test error reached the target");
    addSeedStudy(r, config, allRuns);
    addLearningRateStudy(r, config, allRuns);
    addScheduleFamily(r, config, allRuns);

    Table& stages = r.addTable("stages", {{"schedule", ""}, {"stage", ""}, {"layers", ""}, {"time", "ms"},
                                          {"update_delay_cycles", "cycles"}});
    for (const RunResult& run : runs) {
        if (run.spec.stages == 0 || run.spec.weightStashing) continue;
        for (int s = 0; s < run.timing.partition.stages(); ++s)
            stages.addRow({run.spec.name, std::int64_t(s + 1), stageLayers(run.timing, s, layerNames),
                           run.timing.stageCosts.at(size_t(s)).timeMs(), std::int64_t(run.timing.updateDelays.at(size_t(s)))});
    }

    Table& curves = r.addTable("curves", {{"schedule", ""}, {"epoch", ""}, {"minibatches", ""}, {"time_ms", "ms"},
                                          {"train_loss", "nats"}, {"test_error", ""}});
    for (const RunResult& run : runs)
        for (const CurvePoint& p : run.curve)
            curves.addRow({run.spec.name, p.epoch, p.miniBatches, p.timeMs, p.trainLoss, p.testError});

    r.assumptions.push_back("Naive SGD: one worker runs the whole network per mini-batch. A P-stage pipeline: the "
                            "optimiser's partition, one mini-batch per cycle of its slowest stage; a point after m "
                            "mini-batches is timed when stage 1 applies m's update (cycle m + 2P − 1).");
    r.assumptions.push_back("Within a cycle a stage runs its backward pass and applies that update before the new "
                            "forward pass reads the weights (the pipeline schedule's one order): block S's forward misses "
                            "2P − 2S updates, the talk's latency of 2P − 2S + 1 cycles, and P = 1 is naive SGD.");
    r.assumptions.push_back("Stage time = (forward + backward MACs) × batch + update MACs, at " +
                            formatNumber(config.timing.workerGmacsPerSecond) + " GMAC/s per worker; only full mini-batches.");
    return r;
}

std::vector<ChartSpec> convergenceCharts(const ConvergenceConfig& config, const std::vector<RunResult>& allRuns) {
    const std::vector<RunResult> runs = mainComparison(allRuns);
    auto curveChart = [&](std::string id, std::string title, std::string xLabel, bool byTime, bool loss) {
        ChartSpec c;
        c.id = std::move(id);
        c.title = std::move(title);
        c.xLabel = std::move(xLabel);
        c.yLabel = loss ? "Loss (nats)" : "Test error (%)";
        double xMax = 0;
        for (const RunResult& run : runs) {
            ChartSeries s{runLabel(run.spec), runRole(run.spec), {}, {}, run.spec.weightStashing};
            for (const CurvePoint& p : run.curve) {
                s.x.push_back(byTime ? p.timeMs : double(p.miniBatches));
                s.y.push_back(loss ? p.trainLoss : 100 * p.testError);
                xMax = std::max(xMax, s.x.back());
            }
            c.series.push_back(std::move(s));
            if (loss) continue;
            const TargetCrossing t = targetCrossing(run.curve, config.targetError);
            // Unlabelled squares in the run's colour: crossings cluster, and labels would overprint each other.
            if (t.reached) c.markers.push_back({"", byTime ? t.timeMs : t.miniBatches, 100 * config.targetError, runRole(run.spec)});
        }
        if (!loss)
            c.series.push_back({"Target error", SeriesRole::Idle, {0, xMax}, {100 * config.targetError, 100 * config.targetError}, true});
        return c;
    };
    std::vector<ChartSpec> charts;
    ChartSpec byTime = curveChart("test_error_vs_time", "Test error against training time", "Training time (ms)", true, false);
    byTime.caption = "Squares mark where each run reaches the target error. A pipeline trains more mini-batches per "
                     "second than one worker; its stale weights may need more of them.";
    charts.push_back(std::move(byTime));
    ChartSpec byBatch = curveChart("test_error_vs_minibatches", "Test error against mini-batches", "Mini-batches trained",
                                   false, false);
    byBatch.caption = "Per mini-batch, stale weights slow convergence. Mini-batches to " +
                      formatNumber(100 * config.targetError) + " % test error: " +
                      miniBatchesToTargetText(runs, config.targetError) + ".";
    charts.push_back(std::move(byBatch));
    ChartSpec loss = curveChart("train_loss_vs_minibatches", "Training loss against mini-batches", "Mini-batches trained",
                                false, true);
    loss.caption = "Mean training cross-entropy since the previous evaluation, for each schedule.";
    charts.push_back(std::move(loss));

    ChartSpec bars;
    bars.id = "speedup_vs_stages";
    bars.title = "Speed-up to the target error against naive SGD";
    bars.tab = "Speed-up against naive SGD";
    bars.xLabel = "Pipeline stages";
    bars.yLabel = "Speed-up (×)";
    bars.kind = ChartKind::Bar;
    ChartSeries measured{"Measured: time to target", SeriesRole::Update, {}, {}};
    ChartSeries throughput{"Throughput only (no staleness)", SeriesRole::Idle, {}, {}};
    // The source by what it is to a class (published figures, on another network and data set), not by the
    // project's internal name for it ("Seed 001" read like a random seed); the caption names KobePipeline.
    ChartSeries published{"Published (VGG-F, ImageNet)", SeriesRole::Reference, {}, {}};
    const TargetCrossing naive = [&] {
        for (const RunResult& run : runs)
            if (run.spec.stages == 0) return targetCrossing(run.curve, config.targetError);
        return TargetCrossing{};
    }();
    for (const RunResult& run : runs) {
        if (run.spec.stages == 0 || run.spec.weightStashing) continue;
        std::string category = "P = ";
        category += std::to_string(run.spec.stages);
        bars.categories.push_back(category);
        const TargetCrossing t = targetCrossing(run.curve, config.targetError);
        const double speedup = speedupToTarget(naive, t);
        measured.y.push_back(std::isnan(speedup) ? 0 : speedup);  // a bar of height 0: the caption says why
        throughput.y.push_back(run.timing.throughputSpeedup());
        const auto it = publishedSpeedups.find(run.spec.stages);
        published.y.push_back(it != publishedSpeedups.end() ? it->second : 0);
    }
    bars.series = {measured, throughput, published};
    bars.caption = "Measured time-to-target speed-up beside the throughput alone (the slowest stage sets the cycle) "
                   "and KobePipeline's VGG-F figures; the gap to the throughput bar is what stale weights cost. A measured "
                   "bar of 0: that run never reached the target.";
    charts.push_back(std::move(bars));

    const std::vector<RunResult> family = familyRuns(allRuns);
    if (!family.empty()) {
        ChartSpec tradeoff;
        tradeoff.id = "time_to_target_vs_memory";
        tradeoff.title = "Pipeline schedules: time to " + formatNumber(100 * config.targetError) + " % test error against memory";
        tradeoff.tab = "Schedules: time vs memory";
        tradeoff.xLabel = "Memory of all stages (GB)";
        tradeoff.yLabel = "Time to the target error (ms)";
        tradeoff.kind = ChartKind::Scatter;
        const SeriesRole roles[] = {SeriesRole::Reference, SeriesRole::Forward, SeriesRole::Backward, SeriesRole::Update,
                                    SeriesRole::Other1,    SeriesRole::Other2,  SeriesRole::Other3};
        std::string never;
        for (size_t i = 0; i < family.size(); ++i) {
            const TargetCrossing t = targetCrossing(family[i].curve, config.targetError);
            ChartSeries point{family[i].spec.familySchedule, roles[i % 7], {}, {}};
            if (t.reached) {
                point.x.push_back(family[i].timing.memoryGb);
                point.y.push_back(t.timeMs);
            } else {
                never += (never.empty() ? "" : ", ") + family[i].spec.familySchedule;
            }
            tradeoff.series.push_back(std::move(point));
        }
        tradeoff.caption = "One point per schedule on the same network, partition and data: lower left reaches the target "
                           "sooner with less memory." + (never.empty() ? std::string() : " Never reached: " + never + ".");
        charts.push_back(std::move(tradeoff));
    }
    return charts;
}

}  // namespace dfl
