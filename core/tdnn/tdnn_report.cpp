// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/tdnn_report.h"

#include "core/energy/energy_account.h"
#include "core/sim/metrics_json.h"
#include "core/tdnn/tdnn_hardware.h"

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {

std::string n(double v) { return formatNumber(v); }
double pct(double fraction) { return 100.0 * fraction; }

std::string sizesText(const std::vector<int>& sizes) {
    std::string t;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (i) t += '-';  // piece by piece: GCC 12 warns falsely (-Wrestrict) on "-" + std::to_string
        t += std::to_string(sizes[i]);
    }
    return t;
}

}  // namespace

MetricsReport tdnnReport(const TdnnResults& r, const RaceSetup& race, std::shared_ptr<const EnergyTable> energyTable) {
    const TdnnConfig& c = r.config;
    const int stages = r.evaluator->stages();
    MetricsReport m;
    m.module = "tdnn";
    m.add("digital_accuracy", r.digitalAccuracy, "", "correct / " + std::to_string(r.testBinary.size()) + " test images",
          "binarised " + sizesText(r.layerSizes) + " MLP, XNOR-popcount with folded integer thresholds");
    m.add("bnn_train_accuracy", r.bnnTrainAccuracy, "", "", "the same network on its training images");
    m.add("time_domain_accuracy", r.withVariation.accuracy, "",
          "mean over " + std::to_string(c.chips) + " chips (min " + n(r.withVariation.accuracyMin) + ", max " +
              n(r.withVariation.accuracyMax) + ")",
          "every hidden neuron a delay chain with the scenario's variation");
    m.add("time_domain_accuracy_no_variation", r.noVariation.accuracy, "", "σ_static = σ_jitter = σ_arbiter = 0",
          "must equal digital_accuracy");
    m.add("td_digital_agreement_no_variation", r.noVariation.agreement, "",
          "fraction of test images whose time-domain class equals the digital class at zero variation",
          "the seed's 'same accuracy as for simulation', image by image");
    m.add("td_digital_agreement", r.withVariation.agreement, "", "", "the same with the scenario's variation");
    m.add("sigma_static", c.variation.sigmaStatic, "Δ", "", "static mismatch per stage (fixed per chip)");
    m.add("sigma_jitter", c.variation.sigmaJitter, "Δ", "", "jitter per stage per evaluation");
    m.add("arbiter_offset", c.variation.arbiterOffset, "Δ", "", "σ of each arbiter's offset (fixed per chip)");
    m.add("chain_stages", stages, "stages", "", "chain length N of a first-layer neuron (its fan-in)");
    m.add("sigma_total", totalSigma(c.variation, stages), "Δ",
          "√(N·(σs² + σj²) + σa²) = √(" + std::to_string(stages) + "·(" + n(c.variation.sigmaStatic) + "² + " +
              n(c.variation.sigmaJitter) + "²) + " + n(c.variation.arbiterOffset) + "²)",
          "σ of the arrival difference at the arbiter");
    m.add("flip_rate", r.withVariation.flipRate, "", "first hidden layer decisions differing from digital",
          "measured over chips and test images");
    m.add("predicted_flip_rate", r.withVariation.predictedFlipRate, "", "mean of Φ(−|S − (T − ½)| / σ_total)",
          "Gaussian prediction for the same decisions");
    if (r.lognet) {
        m.add("float_accuracy", r.lognet->floatTop1, "", "", "top-1 of the float " + r.lognet->network +
                                                                  " CNN (8 weight layers), LOGNET's baseline");
        m.add("float_top5", r.lognet->floatTop5, "", "", "top-5 of the float " + r.lognet->network + " CNN");
        for (const LognetCnnRow& row : r.lognet->best) {
            const std::string key = "lognet_top1_" + std::string(row.scheme == QuantScheme::Log ? "log2" : "linear") +
                                    "_" + std::to_string(row.totalBits) + "b";
            m.add(key, row.top1, "", "best full-scale range 2^" + std::to_string(row.fsr),
                  std::to_string(row.totalBits) + "-bit " + (row.scheme == QuantScheme::Log ? "log2" : "linear") +
                      " weights (sign included), no retraining: top-1");
        }
    }
    const NetworkHardwareFigures hw = hardwareFigures(r.layerSizes);
    m.add("tops_per_w", kTdnnTsopsPerWatt, "TSOp/s/W", "published (A-SSCC 2016 abstract and the talk's table)",
          "TDNN energy efficiency, excluding external I/O");
    const double fj = femtojoulePerSynapticOp(*energyTable);
    m.add("energy_fj_per_op", fj, "fJ/SOp", "energy table " + energyTable->name + ", synaptic_op (" +
                                                energyTable->entry("synaptic_op").source + ")",
          "from 48.2 TSOp/s/W (1e3 / " + n(kTdnnTsopsPerWatt) + "; the press material rounds to 20.6 fJ/op)");
    EnergyAccount energy(energyTable);
    for (const EnergyAccount& layer : tdnnLayerEnergy(r.layerSizes, energyTable)) energy += layer;
    m.add("pe_count", double(hw.processingElements), "PE", "Σ inputs × outputs over layers", "one PE per weight");
    m.add("sop_per_image", double(hw.synapticOpsPerImage), "SOp", "one synaptic operation per PE per image", "");
    m.add("energy_nj_per_image", energy.totalPj() * 1e-3, "nJ",
          n(double(hw.synapticOpsPerImage)) + " SOp × " + n(fj) + " fJ", "");
    addEnergySummary(m, energy, "energy_uj_per_image", 1, "per image",
                     "every synaptic operation of one image on the fully unrolled chip (excluding external I/O)");
    addEnergyBreakdown(m, energy, 1);
    m.add("blueprint_area_mm2", hw.blueprintAreaMm2, "mm²", n(double(hw.processingElements)) + " PE × 1.5 µm² (28 nm)", "");
    m.add("blueprint_gates", double(hw.blueprintGates), "NAND2", n(double(hw.processingElements)) + " PE × 3", "");
    m.add("race_neuron", race.neuron, "", "", "the neuron the race view shows");
    m.add("race_image", race.image, "", "", "the test image the race view shows");
    m.add("race_digital_sum", race.digitalSum, "", "Σ w_k·x_k", "");
    m.add("race_threshold", race.chain.threshold, "", "T (folded batch norm)", "");
    m.add("race_closed_form_difference", closedFormDifference(race.chain), "Δ", "Σ (w_k + v_k)·x_k", "");

    Table& sweep = m.addTable("sigma_sweep", {{"sigma", "Δ"}, {"kind", ""}, {"sigma_total", "Δ"}, {"accuracy", ""},
                                              {"accuracy_min", ""}, {"accuracy_max", ""}, {"flip_rate", ""},
                                              {"predicted_flip_rate", ""}});
    for (const SweepRow& s : r.sweep)
        sweep.addRow({s.sigma, s.kind, s.sigmaTotal, s.outcome.accuracy, s.outcome.accuracyMin, s.outcome.accuracyMax,
                      s.outcome.flipRate, s.outcome.predictedFlipRate});
    Table& chain = m.addTable("chain_length", {{"stages", ""}, {"digital_accuracy", ""}, {"time_domain_accuracy", ""},
                                               {"flip_rate", ""}, {"predicted_flip_rate", ""}});
    for (const ChainRow& row : r.chain)
        chain.addRow({std::int64_t(row.stages), row.digitalAccuracy, row.outcome.accuracy, row.outcome.flipRate,
                      row.outcome.predictedFlipRate});
    Table& margins = m.addTable("flip_vs_margin", {{"margin_low", "Δ"}, {"margin_high", "Δ"}, {"decisions", ""},
                                                   {"flips", ""}, {"flip_rate", ""}, {"predicted_flip_rate", ""}});
    for (const MarginBin& b : r.margins)
        if (b.decisions)
            margins.addRow({b.low, b.high, b.decisions, b.flips, double(b.flips) / double(b.decisions), b.predicted});
    if (r.lognet) {
        // The seed's table: per total bit count and encoding, the best full-scale range; then the whole sweep.
        auto addRows = [&](Table& t, const std::vector<LognetCnnRow>& rows) {
            for (const LognetCnnRow& row : rows)
                t.addRow({r.lognet->network, std::int64_t(row.totalBits), row.scheme == QuantScheme::Log ? "log2" : "linear",
                          std::int64_t(row.fsr), row.top1, row.top5});
        };
        const std::vector<Column> columns{{"network", ""}, {"bits", ""}, {"encoding", ""}, {"fsr", ""},
                                               {"top1", ""}, {"top5", ""}};
        addRows(m.addTable("lognet", columns), r.lognet->best);
        addRows(m.addTable("lognet_fsr_sweep", columns), r.lognet->sweep);
    }
    m.tables.push_back(lognetPublishedTable());
    m.tables.push_back(hardwareComparisonTable(r.layerSizes, energy.totalPj() * 1e-3));
    Table& training = m.addTable("training", {{"network", ""}, {"epoch", ""}, {"train_loss", "nats"}});
    for (const EpochReport& e : r.bnnTraining) training.addRow({"binarised", std::int64_t(e.epoch), e.trainLoss});
    if (r.lognet)
        for (const EpochReport& e : r.lognet->training) training.addRow({"float CNN", std::int64_t(e.epoch), e.trainLoss});

    m.assumptions = {
        "Data: Fashion-MNIST, first " + std::to_string(r.testBinary.size()) + " test images; training on the first " +
            std::to_string(c.trainSamples) + " training images, " + std::to_string(c.epochs) + " epochs, seed " +
            std::to_string(c.seed) + ". Binarised input: pixel ≥ " + n(c.pixelThreshold) + " → +1.",
        "Binarised MLP: ±1 weights (latent weights clipped to [−1, 1], straight-through estimator), batch norm "
        "folded into one integer threshold per hidden neuron (negative scale → weights negated); the output layer "
        "keeps its integer sums and a per-class affine readout (argmax), evaluated digitally.",
        "Time domain: every first-layer neuron is one chain of N = fan-in stages; the threshold is an offset delay of "
        "(T − ½)Δ; variation adds to each stage's delay difference before its crossover, so it reaches the arbiter "
        "as Σ v_k·x_k. The offset stage itself is taken as ideal.",
        "Event-level evaluation: static mismatch as per-chip matrix products (exact), jitter drawn from its exact "
        "distribution N(0, N·σ_j²) per neuron and image, arbiter offsets per chip; unit draws shared across σ "
        "(common random numbers). The cycle model races one neuron stage by stage (agreement tested).",
        "Arbiter sweep: σ_a = σ·√N so the three kinds have the same total σ at each sweep point.",
        "Chain length sweep: networks trained on average-pooled images (side 7, 14, 28 → N = 49, 196, 784), so both "
        "digital and time-domain accuracy change; the cost of variation is their difference.",
        "Energy: 48.2 TSOp/s/W (abstract and table) → 20.75 fJ per synaptic operation (energy table tdnn-65nm, "
        "entry synaptic_op), one per PE per image; the press material's 20.6 fJ/op is not used. Ops count one SOp "
        "per binary multiply-accumulate.",
        "LOGNET (the seed's experiment at our scale): the 8-weight-layer fashion-cnn the convergence module trains, "
        "trained in float here (" + std::to_string(c.floatEpochs) + " epochs, SGD " + n(c.floatLearningRate) +
            ", momentum 0.9, standardised pixels), then all weights of all layers encoded without retraining with "
            "3–6 total bits including the sign (b = bits − 1 magnitude bits) and power-of-two steps: log2 levels "
            "2^(FSR − 2^b + 1) … 2^(FSR − 1) and 0, linear levels k·2^(FSR − b) for k < 2^b. One full-scale range FSR "
            "for the whole network, swept from ⌈log2 max|w|⌉ − 4 to + 1; the lognet table keeps the best top-1 per "
            "bits and encoding (lognet_fsr_sweep has every point). Biases and activations stay in float. The "
            "ImageNet-scale collapse of linear 4-bit weights (AlexNet 1.6 %, VGG16 0.5 % top-5) is not expected at "
            "this scale: 10 classes make top-5 nearly free, and a network this small has far fewer, larger weights. "
            "The talk's AlexNet/VGG16 table is published data (lognet_published), not simulated.",
    };
    addEnergyTableUsed(m, {&energy});  // after the assumptions above: it adds the table's line
    return m;
}

namespace {

ChartSeries line(std::string name, SeriesRole role, bool dashed = false) {
    ChartSeries s;
    s.name = std::move(name);
    s.role = role;
    s.dashed = dashed;
    return s;
}

// Vertical spikes at each ±level, so a grid can be drawn on a line chart over a histogram.
ChartSeries comb(std::string name, SeriesRole role, const std::vector<double>& levels, double height) {
    ChartSeries s = line(std::move(name), role);
    std::vector<double> xs;
    for (double l : levels) {
        xs.push_back(l);
        if (l != 0) xs.push_back(-l);
    }
    std::sort(xs.begin(), xs.end());
    for (double x : xs) {
        s.x.insert(s.x.end(), {x, x, x});
        s.y.insert(s.y.end(), {0, height, 0});
    }
    return s;
}

}  // namespace

std::vector<ChartSpec> tdnnCharts(const TdnnResults& r, std::shared_ptr<const EnergyTable> energy) {
    std::vector<ChartSpec> charts;
    const int stages = r.evaluator->stages();
    {
        ChartSpec c;
        c.id = "tdnn_accuracy_vs_sigma";
        c.title = "Time-domain accuracy versus variation";
        c.tab = "Accuracy versus variation";
        c.xLabel = "σ at the arbiter (Δ) = σ per stage · √" + std::to_string(stages);
        c.yLabel = "Test accuracy (%)";
        ChartSeries st = line("static mismatch (mean of chips)", SeriesRole::Forward);
        ChartSeries ji = line("jitter", SeriesRole::Backward);
        ChartSeries ar = line("arbiter offset", SeriesRole::Other1);
        ChartSeries dig = line("digital reference", SeriesRole::Reference, true);
        for (const SweepRow& s : r.sweep) {
            ChartSeries& target = s.kind == "static" ? st : s.kind == "jitter" ? ji : ar;
            target.x.push_back(s.sigmaTotal);
            target.y.push_back(pct(s.outcome.accuracy));
        }
        if (!st.x.empty()) {
            dig.x = {st.x.front(), st.x.back()};
            dig.y = {pct(r.digitalAccuracy), pct(r.digitalAccuracy)};
        }
        c.series = {st, ji, ar, dig};
        c.caption = "Accuracy of the binarised network on Fashion-MNIST when each non-ideality alone grows; "
                    "equal x means equal total σ of the arrival difference.";
        charts.push_back(c);
    }
    {
        ChartSpec c;
        c.id = "tdnn_flip_rate_vs_sigma";
        c.title = "Neuron flip rate: measured and Gaussian prediction";
        c.tab = "Neuron flip rate";
        c.xLabel = "σ at the arbiter (Δ)";
        c.yLabel = "Flipped first-layer decisions (%)";
        ChartSeries st = line("static, measured", SeriesRole::Forward), stp = line("static, predicted", SeriesRole::Forward, true);
        ChartSeries ji = line("jitter, measured", SeriesRole::Backward), jip = line("jitter, predicted", SeriesRole::Backward, true);
        ChartSeries ar = line("arbiter, measured", SeriesRole::Other1), arp = line("arbiter, predicted", SeriesRole::Other1, true);
        for (const SweepRow& s : r.sweep) {
            ChartSeries& m = s.kind == "static" ? st : s.kind == "jitter" ? ji : ar;
            ChartSeries& p = s.kind == "static" ? stp : s.kind == "jitter" ? jip : arp;
            m.x.push_back(s.sigmaTotal);
            m.y.push_back(pct(s.outcome.flipRate));
            p.x.push_back(s.sigmaTotal);
            p.y.push_back(pct(s.outcome.predictedFlipRate));
        }
        c.series = {st, stp, ji, jip, ar, arp};
        c.caption = "Fraction of first-layer neuron decisions that differ from the digital ones, against the mean of "
                    "Φ(−|S − θ|/σ_total) over the same decisions.";
        charts.push_back(c);
    }
    {
        ChartSpec c;
        c.id = "tdnn_flip_vs_margin";
        const Variation& v = r.config.variation;
        c.title = "Flip probability versus margin (σs " + formatNumber(v.sigmaStatic) + ", σj " +
                  formatNumber(v.sigmaJitter) + ", σa " + formatNumber(v.arbiterOffset) + " Δ)";
        c.xLabel = "Margin |S − θ| (Δ)";
        c.yLabel = "Flip probability (%)";
        ChartSeries m = line("measured", SeriesRole::Forward), p = line("Φ(−|S−θ|/(σ√N))", SeriesRole::Reference, true);
        for (const MarginBin& b : r.margins) {
            if (b.decisions == 0) continue;
            const double centre = 0.5 * (b.low + b.high);
            m.x.push_back(centre);
            m.y.push_back(pct(double(b.flips) / double(b.decisions)));
            p.x.push_back(centre);
            p.y.push_back(pct(b.predicted));
        }
        c.series = {m, p};
        c.caption = "Decisions close to the threshold flip; the Gaussian prediction uses σ_total = " +
                    formatNumber(totalSigma(v, stages)) + " Δ.";
        charts.push_back(c);
    }
    if (!r.chain.empty()) {
        ChartSpec c;
        c.id = "tdnn_accuracy_vs_chain_length";
        c.title = "Accuracy versus chain length";
        c.xLabel = "Chain length N (stages per neuron)";
        c.yLabel = "Test accuracy (%)";
        ChartSeries d = line("digital", SeriesRole::Reference, true), t = line("time domain (scenario's σ)", SeriesRole::Forward);
        for (const ChainRow& row : r.chain) {
            d.x.push_back(row.stages);
            d.y.push_back(pct(row.digitalAccuracy));
            t.x.push_back(row.stages);
            t.y.push_back(pct(row.outcome.accuracy));
        }
        c.series = {d, t};
        c.caption = "Networks on 7×7, 14×14 and 28×28 images: longer chains see more accurate inputs but accumulate "
                    "more variation (σ√N).";
        charts.push_back(c);
    }
    if (r.lognet) {
        ChartSpec c;
        c.id = "lognet_accuracy_vs_bits";
        c.title = "LOGNET: CNN top-1 versus weight bits, no retraining";
        c.tab = "LOGNET: top-1 vs weight bits";
        c.xLabel = "Bits per weight (sign included)";
        c.yLabel = "Test top-1 (%)";
        ChartSeries lg = line("log2 weights, best FSR", SeriesRole::Update);
        ChartSeries ln = line("linear weights, best FSR", SeriesRole::Backward);
        ChartSeries fl = line("float 32", SeriesRole::Reference, true);
        for (const LognetCnnRow& row : r.lognet->best) {
            ChartSeries& s = row.scheme == QuantScheme::Log ? lg : ln;
            s.x.push_back(row.totalBits);
            s.y.push_back(pct(row.top1));
        }
        if (!r.lognet->best.empty()) {
            fl.x = {double(r.lognet->best.front().totalBits), double(r.lognet->best.back().totalBits)};
            fl.y = {pct(r.lognet->floatTop1), pct(r.lognet->floatTop1)};
        }
        c.series = {lg, ln, fl};
        c.caption = "The convergence lessons' CNN, trained in float, every weight then encoded with power-of-two "
                    "steps at the best full-scale range for each point.";
        charts.push_back(c);

        ChartSpec h;
        h.id = "lognet_weight_histogram";
        h.title = "CNN weights and the " + std::to_string(r.config.histogramBits) + "-bit grids";
        h.xLabel = "Weight value";
        h.yLabel = "Weights per bin";
        ChartSeries hist = line("weights (float CNN, all layers)", SeriesRole::Update);
        hist.x = r.weightHistogramCentres;
        hist.y = r.weightHistogramCounts;
        const double top = r.weightHistogramCounts.empty()
                               ? 1.0 : *std::max_element(r.weightHistogramCounts.begin(), r.weightHistogramCounts.end());
        h.series = {hist, comb("log2 levels", SeriesRole::Forward, gridLevels(r.histogramLogGrid), top),
                    comb("linear levels", SeriesRole::Backward, gridLevels(r.histogramLinearGrid), 0.6 * top)};
        h.caption = "Most weights are small: the log2 grid puts its levels there, the linear grid rounds them to zero.";
        charts.push_back(h);
    }
    {
        ChartSpec c;
        c.id = "tdnn_training_loss";
        c.title = "Training loss";
        c.xLabel = "Epoch";
        c.yLabel = "Cross-entropy (nats)";
        ChartSeries b = line("binarised MLP", SeriesRole::Forward), f = line("float CNN (LOGNET)", SeriesRole::Update);
        for (const EpochReport& e : r.bnnTraining) b.x.push_back(e.epoch), b.y.push_back(e.trainLoss);
        if (r.lognet)
            for (const EpochReport& e : r.lognet->training) f.x.push_back(e.epoch), f.y.push_back(e.trainLoss);
        c.series = {b};
        if (!f.x.empty()) c.series.push_back(f);
        c.caption = "Mean mini-batch loss per epoch of the two networks trained for this scenario.";
        charts.push_back(c);
    }
    {
        std::vector<std::string> layers;
        for (std::size_t i = 0; i + 1 < r.layerSizes.size(); ++i)
            layers.push_back(std::to_string(r.layerSizes[i]) + "→" + std::to_string(r.layerSizes[i + 1]));
        charts.push_back(energyStackedChart("layer_energy", "Energy per weight layer on the TDNN blueprint", "Weight layer",
                                            layers, tdnnLayerEnergy(r.layerSizes, energy), 1, "per image",
                                            "One synaptic operation per weight per image at " +
                                                n(femtojoulePerSynapticOp(*energy)) + " fJ (table " + energy->name +
                                                "), excluding external I/O."));
    }
    return charts;
}

}  // namespace dfl
