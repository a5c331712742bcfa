#include "core/neurotrainer/nt_report.h"

#include "core/neurotrainer/nt_programs.h"
#include "core/sim/metrics_json.h"

#include <cmath>
#include <map>

namespace dfl::nt {

namespace {

std::string fmt(double v) { return formatNumber(v); }

bool macOp(const Op& op) { return op.usefulMacs > 0; }

SeriesRole roleOf(Phase p) {
    switch (p) {
    case Phase::FF: return SeriesRole::Forward;
    case Phase::BP: return SeriesRole::Backward;
    case Phase::UP: return SeriesRole::Update;
    case Phase::Prep: return SeriesRole::Idle;
    }
    return SeriesRole::Other1;
}

}  // namespace

BenchmarkResult benchmark(const std::string& name, const Network& network, const Machine& machine, const LoweringOptions& options) {
    const NetworkRun run = runNetwork(network, machine, options);
    BenchmarkResult b;
    b.network = name;
    b.inferenceTops = run.inferenceOps() / run.inferenceSeconds() / 1e12;
    b.trainingTops = run.trainingOps() / run.trainingSeconds() / 1e12;
    b.trainingImagesPerS = machine.batch / run.trainingSeconds();
    b.inferenceImagesPerS = machine.batch / run.inferenceSeconds();
    return b;
}

std::vector<ScalingPoint> scalingCurve(const NetworkRun& run, const ScalingParams& p) {
    std::vector<ScalingPoint> points;
    const double t1 = run.trainingSeconds();
    const double ntGflops = run.trainingOps() / t1 / 1e9;  // a NeuroTrainer as the updater, at its training rate
    for (int n = 1; n <= p.maxNodes; n *= 2) {
        points.push_back(scalingPoint(n, "K1", p.k1Gflops, t1, run.machine.batch, p));
        points.push_back(scalingPoint(n, "NT", ntGflops, t1, run.machine.batch, p));
    }
    return points;
}

Table programsTable(const Network& network, const NetworkRun& run) {
    std::vector<Op> ops;
    for (const OpResult& r : run.ops) ops.push_back(r.op);
    const Programs programs = generatePrograms(network, ops, run.machine);
    Table t{"programs", {{"layer", ""}, {"operation", ""}, {"vault", ""}, {"r1", ""}, {"r2", ""}, {"r3", ""}, {"r4", ""},
                         {"r5", ""}, {"r6", ""}, {"r7", ""}, {"f_abcd", ""}, {"pe_bits", "bit"}, {"pe_cnt2", ""}, {"pe_cnt1", ""}}, {}};
    for (const PmagProgram& p : programs.pmag) {
        const PeProgram* pe = nullptr;
        for (const PeProgram& q : programs.pe)
            if (q.layer == p.layer && q.operation == p.operation) pe = &q;
        std::vector<Cell> row{p.layer, p.operation, p.vault};
        for (std::int64_t r : p.ranges) row.push_back(r);
        row.push_back(p.f[0] + "," + p.f[1] + "," + p.f[2] + "," + p.f[3]);
        row.push_back(std::int64_t(pe ? pe->bits : 0));
        row.push_back(pe ? pe->cnt2 : std::string("-"));
        row.push_back(pe ? pe->cnt1 : std::string("-"));
        t.addRow(std::move(row));
    }
    return t;
}

MetricsReport buildReport(const NetworkRun& run, const Network& network, const ReportInputs& in) {
    const Machine& m = run.machine;
    MetricsReport r;
    r.module = "neurotrainer";
    const double batch = m.batch;
    const double inf = run.inferenceSeconds(), train = run.trainingSeconds();
    r.add("inference_ms_per_image", inf / batch * 1e3, "ms", fmt(inf * 1e3) + " ms per batch / " + fmt(batch),
          "forward pass (with its data preparation) per image");
    r.add("training_ms_per_image", train / batch * 1e3, "ms", fmt(train * 1e3) + " ms per batch / " + fmt(batch),
          "FF + BP + UP + Prep per image");
    r.add("inference_images_per_s", batch / inf, "1/s", fmt(batch) + " / " + fmt(inf) + " s", "");
    r.add("training_images_per_s", batch / train, "1/s", fmt(batch) + " / " + fmt(train) + " s", "");
    r.add("inference_tops", run.inferenceOps() / inf / 1e12, "TOPS", fmt(run.inferenceOps()) + " ops / " + fmt(inf) + " s",
          "2 × forward MACs of the batch over the forward time");
    r.add("training_tops", run.trainingOps() / train / 1e12, "TOPS", fmt(run.trainingOps()) + " ops / " + fmt(train) + " s",
          "2 × (forward + backward-input + weight-gradient MACs) over the training time");
    r.add("peak_tops_16bit", m.peakTops(true), "TOPS", m.peakFormula(true), "forward (16-bit) peak");
    r.add("peak_tops_32bit", m.peakTops(false), "TOPS", m.peakFormula(false), "backward and update (32-bit) peak");
    const PowerBreakdown pw = trainingPower(run, in.power);
    r.add("logic_power_w", pw.logic(), "W",
          fmt(in.power.peW) + " × " + std::to_string(m.pes()) + " PEs + (" + fmt(in.power.pmagW) + " + " + fmt(in.power.vaultCtrlW) +
              ") × " + std::to_string(m.vaults) + " vaults + " + fmt(in.power.busW) + " bus + " + fmt(in.power.iBufferW) + " iBuffer",
          "logic die from Table 5's component powers");
    r.add("dram_power_w", pw.dram, "W",
          fmt(run.dramBytes() * 8) + " bit × " + fmt(in.power.dramPjPerBit) + " pJ/bit / " + fmt(train) + " s", "DRAM dies");
    r.add("power_w", pw.total(), "W", fmt(pw.logic()) + " + " + fmt(pw.dram), "logic + DRAM during training");
    r.add("gflops_per_w", r.value("training_tops") * 1e3 / pw.total(), "GFLOPS/W",
          fmt(r.value("training_tops") * 1e3) + " GFLOPS / " + fmt(pw.total()) + " W", "training efficiency");
    r.add("dram_gb_per_image", run.dramBytes() / batch / 1e9, "GB", fmt(run.dramBytes()) + " B per batch / " + fmt(batch),
          "DRAM traffic of training, every vault and the common vault");
    r.add("dram_gb_per_s", run.dramBytes() / train / 1e9, "GB/s", "", "average DRAM bandwidth during training");
    r.add("cycles_per_batch", double(run.cycles()), "cycles", "", "one training step of the batch");

    Table& layers = r.addTable("layers", {{"layer", ""}, {"phase", ""}, {"operation", ""}, {"latency_us", "us"}, {"tops", "TOPS"},
                                          {"bound", ""}, {"cycles", "cycles"}, {"compute_share", ""}, {"lowering", ""}});
    for (const OpResult& o : run.ops)
        layers.addRow({o.op.layer, phaseName(o.op.phase), opKindName(o.op.kind), o.seconds(m) / batch * 1e6, o.tops(m),
                       boundName(o.timing.bound()), o.timing.cycles,
                       o.timing.cycles ? double(o.timing.computeBusy) / double(o.timing.cycles) : 0.0, o.op.lowering});

    ScalingParams sp = in.scaling;
    if (sp.parameters == 0) sp.parameters = network.totalParams();
    Table& scaling = r.addTable("scaling", {{"neurotrainers", ""}, {"host", ""}, {"latency_ms", "ms"}, {"images_per_s", "1/s"}, {"formula", ""}});
    for (const ScalingPoint& p : scalingCurve(run, sp)) {
        scaling.addRow({std::int64_t(p.nodes), p.host, p.latencyMs, p.imagesPerS, p.formula});
        if (p.nodes == 4 && p.host == "K1") r.add("scaling_4_k1_latency_ms", p.latencyMs, "ms", p.formula, "Figure 17 worked example");
        if (p.nodes == sp.maxNodes && p.host == "NT")
            r.add("scaling_max_nt_images_per_s", p.imagesPerS, "1/s", p.formula, "largest system, a NeuroTrainer as updater");
    }
    r.tables.push_back(programsTable(network, run));

    if (!in.benchmarks.empty()) {
        Table& b = r.addTable("benchmarks", {{"network", ""}, {"inference_tops", "TOPS"}, {"training_tops", "TOPS"},
                                             {"training_images_per_s", "1/s"}, {"inference_images_per_s", "1/s"}});
        double sum = 0, sq = 0;
        for (const BenchmarkResult& x : in.benchmarks) {
            b.addRow({x.network, x.inferenceTops, x.trainingTops, x.trainingImagesPerS, x.inferenceImagesPerS});
            sum += x.trainingTops;
        }
        const double n = double(in.benchmarks.size()), mean = sum / n;
        for (const BenchmarkResult& x : in.benchmarks) sq += (x.trainingTops - mean) * (x.trainingTops - mean);
        const double sd = std::sqrt(sq / n);
        r.add("benchmark_training_tops_mean", mean, "TOPS", "mean over " + fmt(n) + " networks", "Figure 16");
        r.add("benchmark_training_tops_cv", sd / mean, "", fmt(sd) + " / " + fmt(mean) + " (population s.d. / mean)",
              "spread of training throughput across the benchmarks");
    }
    r.assumptions = {
        "All PEs run the same program in lockstep on ceil-divided partitions; the slowest PE sets the time.",
        "ReLU, LRN, batch norm, dropout, residual adds and the loss run in the PMAGs' look-up tables as data streams past (no extra time).",
        "Ops run one after another; within an op, loads, MACs and write-backs overlap through double buffering.",
        "Conv-UP partial weight gradients of the PEs are summed as they merge into the common vault; the updated kernels are then duplicated into every vault (Prep).",
        "Buffer sizes are not published: each input buffer " + std::to_string(m.inputBufferKB) + " KB, output buffer " +
            std::to_string(m.outputBufferKB) + " KB (parameters).",
        "Scaling: update FLOPs and transfer bytes per parameter are what the paper's 42.4 ms and 4.61 ms imply for VGG16's 138 M parameters.",
    };
    return r;
}

std::vector<ChartSpec> buildCharts(const NetworkRun& run, const ReportInputs& in) {
    const Machine& m = run.machine;
    std::vector<ChartSpec> charts;
    // Figure 13: MAC layers in network order, one bar per phase.
    std::vector<std::string> layers;
    std::map<std::string, std::map<Phase, std::pair<double, double>>> byLayer;  // latency, tops
    for (const OpResult& o : run.ops) {
        if (!macOp(o.op)) continue;
        if (!byLayer.count(o.op.layer)) layers.push_back(o.op.layer);
        byLayer[o.op.layer][o.op.phase] = {o.seconds(m) / m.batch * 1e6, o.tops(m)};
    }
    double prepUs = 0;
    for (const OpResult& o : run.ops)
        if (!macOp(o.op)) prepUs += o.seconds(m) / m.batch * 1e6;
    for (int which = 0; which < 2; ++which) {
        ChartSpec c;
        c.id = which == 0 ? "layer_latency" : "layer_tops";
        c.title = in.networkName + (which == 0 ? ": latency per layer and phase (per image)" : ": throughput per layer and phase");
        c.xLabel = "Layer";
        c.yLabel = which == 0 ? "Latency (µs per image)" : "Throughput (TOPS)";
        c.kind = ChartKind::Bar;
        c.categories = layers;
        if (which == 0) c.categories.push_back("Prep + pool");
        for (Phase p : {Phase::FF, Phase::BP, Phase::UP}) {
            ChartSeries s{phaseName(p), roleOf(p), {}, {}};
            for (const std::string& l : layers) {
                const auto it = byLayer[l].find(p);
                s.y.push_back(it == byLayer[l].end() ? 0 : (which == 0 ? it->second.first : it->second.second));
            }
            if (which == 0) s.y.push_back(0);
            c.series.push_back(s);
        }
        if (which == 0) {
            ChartSeries prep{"Prep and pooling", SeriesRole::Idle, {}, std::vector<double>(layers.size(), 0.0)};
            prep.y.push_back(prepUs);
            c.series.push_back(prep);
        }
        c.caption = which == 0 ? "Per-image latency of each layer's forward, backward and update ops (Figure 13 of the paper), data preparation and pooling together."
                               : "Throughput of each layer's ops against the 16-bit peak " + formatNumber(m.peakTops(true)) +
                                     " TOPS (FF) and 32-bit peak " + formatNumber(m.peakTops(false)) + " TOPS (BP, UP).";
        charts.push_back(c);
    }
    // Power breakdown.
    {
        const PowerBreakdown pw = trainingPower(run, in.power);
        ChartSpec c;
        c.id = "power_breakdown";
        c.title = in.networkName + ": power during training";
        c.xLabel = "Component";
        c.yLabel = "Power (W)";
        c.kind = ChartKind::Bar;
        c.categories = {"PEs", "PMAGs", "Vault ctrl.", "Bus", "iBuffer", "DRAM dies"};
        c.series = {{"Simulated", SeriesRole::Update, {}, {pw.pes, pw.pmags, pw.vaultControllers, pw.bus, pw.iBuffer, pw.dram}}};
        c.caption = "Logic die from Table 5's component figures, DRAM at " + formatNumber(in.power.dramPjPerBit) +
                    " pJ/bit times the simulated traffic; total " + formatNumber(pw.total()) + " W.";
        charts.push_back(c);
    }
    // Figure 17b: scaling.
    {
        ScalingParams sp = in.scaling;
        ChartSpec c;
        c.id = "scaling";
        c.title = "Scaling: images per second against NeuroTrainers";
        c.xLabel = "NeuroTrainers";
        c.yLabel = "Training throughput (images/s)";
        c.kind = ChartKind::Line;
        c.xLog = true;
        c.yLog = true;
        ChartSeries k1{"K1 host", SeriesRole::Other1, {}, {}}, nt{"NeuroTrainer host", SeriesRole::Forward, {}, {}};
        ChartSeries dgx{"DGX-1 P100s at equal power", SeriesRole::Reference, {}, {}, true};
        const double ntPower = trainingPower(run, in.power).total();
        for (const ScalingPoint& p : scalingCurve(run, sp)) {
            ChartSeries& s = p.host == "K1" ? k1 : nt;
            s.x.push_back(p.nodes);
            s.y.push_back(p.imagesPerS);
            if (p.host == "K1") {
                dgx.x.push_back(p.nodes);
                dgx.y.push_back(sp.p100ImagesPerS * p.nodes * ntPower / sp.p100W);
            }
        }
        c.series = {k1, nt, dgx};
        c.caption = "Synchronous training with a central updater: T1 + N·T_update + 2·N·T_transfer per N batches; P100s at the same total power for comparison.";
        charts.push_back(c);
    }
    if (!in.benchmarks.empty()) {
        ChartSpec c;
        c.id = "benchmarks";
        c.title = "Throughput across benchmarks";
        c.xLabel = "Network";
        c.yLabel = "Throughput (TOPS)";
        c.kind = ChartKind::Bar;
        ChartSeries inf{"Inference (16-bit)", SeriesRole::Forward, {}, {}}, tr{"Training", SeriesRole::Update, {}, {}};
        for (const BenchmarkResult& b : in.benchmarks) {
            c.categories.push_back(b.network + " (" + formatNumber(std::round(b.trainingImagesPerS)) + "/s)");
            inf.y.push_back(b.inferenceTops);
            tr.y.push_back(b.trainingTops);
        }
        c.series = {inf, tr};
        c.caption = "Inference and training throughput per network (Figure 16); the label gives training images per second.";
        charts.push_back(c);
    }
    return charts;
}

}  // namespace dfl::nt
