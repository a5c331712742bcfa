// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_report.h"

#include "core/neurotrainer/nt_programs.h"
#include "core/sim/metrics_json.h"

#include <algorithm>
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

BenchmarkResult benchmark(const std::string& name, const Network& network, const Machine& machine, const LoweringOptions& options,
                          const PowerParams& power) {
    const NetworkRun run = runNetwork(network, machine, options);
    BenchmarkResult b;
    b.network = name;
    b.inferenceTops = run.inferenceOps() / run.inferenceSeconds() / 1e12;
    b.trainingTops = run.trainingOps() / run.trainingSeconds() / 1e12;
    b.trainingImagesPerS = machine.batch / run.trainingSeconds();
    b.inferenceImagesPerS = machine.batch / run.inferenceSeconds();
    b.powerW = trainingPower(run, power).total();
    return b;
}

std::vector<BufferPoint> bufferSweep(const Network& network, const Machine& machine, const LoweringOptions& options,
                                     const PowerParams& power, const std::vector<int>& sizesKB) {
    std::vector<BufferPoint> points;
    for (int kb : sizesKB) {
        Machine m = machine;
        m.inputBufferKB = m.outputBufferKB = kb;
        const NetworkRun run = runNetwork(network, m, options);
        points.push_back({kb, run.dramBytes() / m.batch / 1e9, run.trainingOps() / run.trainingSeconds() / 1e12,
                          trainingPower(run, power).total()});
    }
    return points;
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
          fmt(in.power.peW()) + " × " + std::to_string(m.pes()) + " PEs + (" + fmt(in.power.pmagW()) + " + " + fmt(in.power.vaultCtrlW()) +
              ") × " + std::to_string(m.vaults) + " vaults + " + fmt(in.power.busW()) + " bus + " + fmt(in.power.iBufferW()) + " iBuffer",
          "logic die from Table 5's component powers");
    r.add("dram_power_w", pw.dram, "W",
          fmt(run.dramBytes() * 8) + " bit × " + fmt(in.power.dramPjPerBit()) + " pJ/bit / " + fmt(train) + " s", "DRAM dies");
    r.add("power_w", pw.total(), "W", fmt(pw.logic()) + " + " + fmt(pw.dram), "logic + DRAM during training");
    const EnergyAccount energy = runEnergy(run, in.power);
    addEnergySummary(r, energy, "energy_uj_per_image", batch, "per image",
                     std::string(run.forwardOps < run.ops.size() ? "a training step" : "inference") +
                         " of the batch: the logic die's components busy throughout plus the DRAM bits");
    addEnergyBreakdown(r, energy, batch);
    // Table 5's "Logic die" total is the component powers with one PE per vault, all 16 of them; the paper's own
    // machine (§3, §4: "all 15 PEs") leaves the common-data vault without a PE, and so does the model.
    EnergyAccount table5 = neurotrainerEnergy(m, 1.0, 0, in.power);  // one second of the logic die, a PE on every vault
    table5.charge("PEs", double(m.vaults - m.pes()), "PE·s", "pe_power");
    const double table5Logic = table5.totalPj() * 1e-12;
    r.add("table5_logic_power_w", table5Logic, "W",
          "(" + fmt(in.power.peW()) + " + " + fmt(in.power.pmagW()) + " + " + fmt(in.power.vaultCtrlW()) + ") × " +
              std::to_string(m.vaults) + " + " + fmt(in.power.busW()) + " + " + fmt(in.power.iBufferW()) +
              " (arithmetic from Table 5's rows, a PE on every vault)",
          "Table 5's logic-die total counts " + std::to_string(m.vaults) + " PEs; logic_power_w counts the " +
              std::to_string(m.pes()) + " the machine has");
    // The per-PE buffers are not published; Table 5's PE area bounds them at the I-BUF's own density.
    const double peBufferKB = 2.0 * m.inputBufferKB + m.outputBufferKB;
    const double areaBoundKB = in.area.peMm2 / in.area.iBufferMm2 * in.area.iBufferKB;
    r.add("pe_buffer_kb", peBufferKB, "KB", "2 × " + std::to_string(m.inputBufferKB) + " KB input + " +
                                                std::to_string(m.outputBufferKB) + " KB output (parameters; unpublished)",
          "SRAM buffers of one PE as modelled");
    r.add("pe_buffer_kb_area_bound", areaBoundKB, "KB",
          fmt(in.area.peMm2) + " mm² PE / " + fmt(in.area.iBufferMm2) + " mm² per " + fmt(in.area.iBufferKB) +
              " KB (Table 5's I-BUF density)",
          "the most SRAM a PE of Table 5's area could hold if it were nothing but buffers (MACs need room too)");
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
        if (p.nodes == 4 && p.host == "K1") r.add("scaling_4_k1_latency_ms", p.latencyMs, "ms", p.formula, "NeuroTrainer §5.3 worked example (Figure 17)");
        if (p.nodes == sp.maxNodes && p.host == "NT")
            r.add("scaling_max_nt_images_per_s", p.imagesPerS, "1/s", p.formula, "largest system, a NeuroTrainer as updater");
    }
    r.tables.push_back(programsTable(network, run));

    if (!in.benchmarks.empty()) {
        Table& b = r.addTable("benchmarks", {{"network", ""}, {"inference_tops", "TOPS"}, {"training_tops", "TOPS"},
                                             {"training_images_per_s", "1/s"}, {"inference_images_per_s", "1/s"},
                                             {"power_w", "W"}});
        double sum = 0, sq = 0;
        for (const BenchmarkResult& x : in.benchmarks) {
            b.addRow({x.network, x.inferenceTops, x.trainingTops, x.trainingImagesPerS, x.inferenceImagesPerS, x.powerW});
            sum += x.trainingTops;
        }
        const double n = double(in.benchmarks.size()), mean = sum / n;
        for (const BenchmarkResult& x : in.benchmarks) sq += (x.trainingTops - mean) * (x.trainingTops - mean);
        const double sd = std::sqrt(sq / n);
        r.add("benchmark_training_tops_mean", mean, "TOPS", "mean over " + fmt(n) + " networks",
              "NeuroTrainer Figure 16; §5.2's 1.89 TFLOPS is the average over the paper's 8 benchmarks");
        double powerSum = 0;
        for (const BenchmarkResult& x : in.benchmarks) powerSum += x.powerW;
        const double meanPower = powerSum / n;
        r.add("benchmark_power_w_mean", meanPower, "W", "mean over " + fmt(n) + " networks of logic + DRAM power",
              "NeuroTrainer §5.2's 4.64 W is the average over the paper's 8 benchmarks");
        r.add("benchmark_gflops_per_w", mean * 1e3 / meanPower, "GFLOPS/W",
              fmt(mean * 1e3) + " GFLOPS / " + fmt(meanPower) + " W (the averages, as §5.2's 1.89 TFLOPS / 4.64 W = 406)",
              "training efficiency over the benchmarks");
        r.add("benchmark_training_tops_cv", sd / mean, "", fmt(sd) + " / " + fmt(mean) + " (population s.d. / mean)",
              "spread of training throughput across the benchmarks");
    }
    if (in.figure16) addFigure16Bound(r, *in.figure16);
    if (!in.bufferSweep.empty()) {
        Table& s = r.addTable("buffer_sensitivity", {{"buffer_kb", "KB"}, {"pe_buffer_kb", "KB"}, {"within_area_bound", ""},
                                                     {"dram_gb_per_image", "GB"}, {"training_tops", "TOPS"}, {"power_w", "W"}});
        for (const BufferPoint& p : in.bufferSweep)
            s.addRow({std::int64_t(p.bufferKB), std::int64_t(3 * p.bufferKB),
                      std::string(3.0 * p.bufferKB <= areaBoundKB ? "yes" : "no"), p.dramGbPerImage, p.trainingTops, p.powerW});
    }
    r.assumptions = {
        "All PEs run the same program in lockstep on ceil-divided partitions; the slowest PE sets the time.",
        "ReLU, LRN, batch norm, dropout, residual adds and the loss run in the PMAGs' look-up tables as data streams past (no extra time).",
        "Ops run one after another; within an op, loads, MACs and write-backs overlap through double buffering.",
        "Conv-UP partial weight gradients of the PEs are summed as they merge into the common vault; the updated kernels are then duplicated into every vault (Prep).",
        "Buffer sizes are not published: each input buffer " + std::to_string(m.inputBufferKB) + " KB, output buffer " +
            std::to_string(m.outputBufferKB) + " KB (parameters). They set the DRAM traffic and so the power; Table 5's PE "
            "area (" + fmt(in.area.peMm2) + " mm²) holds at most " + fmt(areaBoundKB) + " KB of SRAM at its 16 KB I-BUF's density.",
        "Logic power counts " + std::to_string(m.pes()) + " PEs (one per vault but the common-data vault) and " +
            std::to_string(m.vaults) + " PMAGs and vault controllers; Table 5's logic-die 2.65 W is the same rows with " +
            std::to_string(m.vaults) + " PEs (table5_logic_power_w).",
        "Scaling: update FLOPs and transfer bytes per parameter are solved from the paper's own 42.4 ms and 4.61 ms for "
        "138 M parameters, so the scaling figures are arithmetic from the paper's terms around the simulated T1, not a "
        "simulation of the updater or the link.",
    };
    addEnergyTableUsed(r, {&energy});  // after the assumptions above: it adds the table's line
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
        c.caption = which == 0 ? "Per-image latency of each layer's forward, backward and update ops (NeuroTrainer Figure 13), data preparation and pooling together."
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
        c.caption = "Logic die from Table 5's component figures, DRAM at " + formatNumber(in.power.dramPjPerBit()) +
                    " pJ/bit times the simulated traffic; total " + formatNumber(pw.total()) + " W.";
        charts.push_back(c);
    }
    // Energy per layer: each op's share of the logic die's time and its DRAM bits.
    {
        std::vector<std::string> layers;
        std::vector<EnergyAccount> perLayer;
        for (const OpResult& op : run.ops) {
            auto it = std::find(layers.begin(), layers.end(), op.op.layer);
            if (it == layers.end()) {
                layers.push_back(op.op.layer);
                perLayer.emplace_back(in.power.energy());
                it = layers.end() - 1;
            }
            perLayer[size_t(it - layers.begin())] += opEnergy(run, op, in.power);
        }
        charts.push_back(energyStackedChart(
            "layer_energy", in.networkName + ": energy per layer by component", "Layer", layers, perLayer,
            double(run.machine.batch), "per image",
            "Each layer's forward, backward and update ops: the logic die's components (NeuroTrainer Table 5) for the "
            "ops' time and DRAM at " + formatNumber(in.power.dramPjPerBit()) + " pJ/bit for their traffic (table " +
                in.power.energy()->name + ")."));
    }
    // Figure 17b: scaling.
    {
        ScalingParams sp = in.scaling;
        ChartSpec c;
        c.id = "scaling";
        c.title = "Scaling: images per second against NeuroTrainers";
        c.tab = "Scaling with NeuroTrainers";
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
    if (!in.bufferSweep.empty()) {
        ChartSpec c;
        c.id = "buffer_sensitivity";
        c.title = in.networkName + ": power against the unpublished per-PE buffer size";
        c.xLabel = "Each input and output buffer (KB)";
        c.yLabel = "Power during training (W)";
        c.kind = ChartKind::Line;
        c.xLog = true;
        ChartSeries power{"Simulated power", SeriesRole::Update, {}, {}};
        for (const BufferPoint& p : in.bufferSweep) {
            power.x.push_back(p.bufferKB);
            power.y.push_back(p.powerW);
        }
        ChartSeries published{"Published average 4.64 W (NeuroTrainer §5.2)", SeriesRole::Reference,
                              {power.x.front(), power.x.back()}, {4.64, 4.64}, true};
        c.series = {power, published};
        const double boundKB = in.area.peMm2 / in.area.iBufferMm2 * in.area.iBufferKB / 3;
        const auto nearest = std::min_element(in.bufferSweep.begin(), in.bufferSweep.end(), [&](const BufferPoint& a, const BufferPoint& b) {
            return std::abs(std::log(a.bufferKB / boundKB)) < std::abs(std::log(b.bufferKB / boundKB));
        });
        c.markers.push_back({"Table 5 PE area: ≤ " + formatNumber(std::round(boundKB)) + " KB each", double(nearest->bufferKB),
                             nearest->powerW, SeriesRole::Selected});
        c.caption = "The buffers set how often data returns to DRAM, and DRAM energy is most of the power; the paper does not "
                    "publish their size. Three buffers per PE (two input, one output) fit Table 5's PE area up to about " +
                    formatNumber(std::round(boundKB)) + " KB each, and only if the PE were nothing else.";
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
        c.caption = "Inference and training throughput per network (NeuroTrainer Figure 16); the label gives training images per second.";
        charts.push_back(c);
    }
    return charts;
}

}  // namespace dfl::nt
