// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cgra/cgra_model.h"

#include "core/cgra/cgra_analysis.h"
#include "core/cgra/cgra_charts.h"
#include "core/cgra/cgra_energy.h"
#include "core/cgra/cgra_frame.h"
#include "core/network/fc_equivalence.h"
#include "core/sim/metrics_json.h"
#include "core/sim/serialization.h"

#include <algorithm>

namespace dfl::cgra {

namespace {

std::string kindName(const CgraLayer& l) { return l.isConv() ? "conv" : "fc"; }

}  // namespace

CgraModel::CgraModel(std::string scenarioName, std::string networkName, CgraConfig config,
                     std::vector<CgraLayer> layers, int focus, std::shared_ptr<const EnergyTable> energy)
    : scenarioName_(std::move(scenarioName)), networkName_(std::move(networkName)), config_(config),
      layers_(std::move(layers)), focus_(focus), energy_(std::move(energy)), array_(config_, layers_.at(size_t(focus))) {}

FramePtr CgraModel::frame() const {
    auto f = std::make_shared<CgraFrame>();
    const ArrayState& s = array_.state();
    const CgraLayer& l = array_.layer();
    f->cycle = s.cycle;
    f->config = config_;
    f->layer = l;
    f->done = s.done;
    f->totalCycles = array_.totalCycles();
    f->counted = s.counted;
    f->pes = array_.peViews();
    const std::vector<bool> writes = array_.bankWritesNow();
    const bool reads = array_.readsNow();
    f->banks.resize(size_t(config_.py));
    for (int y = 0; y < config_.py; ++y) {
        BankView& b = f->banks[size_t(y)];
        b.row = s.banks[size_t(y)].row;
        b.written = writes[size_t(y)];
        b.read = reads && l.isConv() && y < array_.rowsInBlock();
    }
    f->load = array_.loadsNow();
    f->fedColumn = array_.fedColumn();
    f->thread = s.thread;
    f->threadsInGroup = array_.threadsInGroup();
    if (l.isConv()) {
        f->weightValid = array_.macsNow();
        f->weightCo = s.group * l.co + array_.outputChannel();
        f->weightCi = s.group * l.ci + s.ci;
        f->weightKy = s.ky;
        f->weightKx = array_.kernelColumn();
        f->loops = {
            {"group", s.group, l.groups, "convolution group"},
            {"by", s.by, ceilDiv(l.noy, config_.py), "row block (Py rows)"},
            {"tg", s.tg, ceilDiv(l.co, config_.threads), "thread group"},
            {"ci", s.ci, l.ci, "input channel"},
            {"ky", s.ky, l.kernel, "weight row"},
            {"bx", s.bx, ceilDiv(l.nox, config_.px), "column block (Px cols)"},
            {"phase", s.phase, std::min(l.stride, l.kernel), "stride phase"},
            {"step", s.step, array_.stepsInPhase(), "shift (Px−1 fill first)"},
            {"thread", s.thread, array_.threadsInGroup(), "thread = out channel"},
        };
    } else {
        f->weightValid = array_.macsNow();
        f->loops = {
            {"block", s.fcBlock, ceilDiv(l.no, config_.pes()), "block of Px·Py outputs"},
            {"input", s.fcInput, l.ni, "input element on the common bus"},
            {"cycle", s.fcSub, config_.fcMapping == FcMapping::RowBuffers ? config_.px : std::min<std::int64_t>(config_.pes(), l.no - s.fcBlock * config_.pes()),
             config_.fcMapping == FcMapping::RowBuffers ? "weight shift (Px per input)" : "weight word to one PE"},
        };
    }
    return f;
}

MetricsReport CgraModel::metrics() const {
    MetricsReport r;
    r.scenario = scenarioName_;
    r.module = "cgra";
    const CgraConfig& c = config_;

    Table& t = r.addTable("layers", {{"layer", ""},
                                     {"kind", ""},
                                     {"shape", ""},
                                     {"cycles", "cycles"},
                                     {"time_ms", "ms"},
                                     {"input_words", "words"},
                                     {"output_words", "words"},
                                     {"weight_words", "words"},
                                     {"input_rate_mb_s", "MB/s"},
                                     {"output_rate_mb_s", "MB/s"},
                                     {"utilization", ""},
                                     {"mac_utilization", ""},
                                     {"arithmetic_intensity", "ops/word"},
                                     {"buffer_writes_multiport", "writes"},
                                     {"buffer_writes_multibank", "writes"}});
    LayerCost total, conv, fc;
    double peakConvRate = 0, peakFcRate = 0, eqPeakConvRate = 0;
    std::int64_t eqCycles = 0;
    std::string peakLayer;
    for (const CgraLayer& l : layers_) {
        const LayerCost k = closedFormCost(c, l);
        const double inRate = inputRateMBs(c, l, k);
        t.addRow({l.name, kindName(l), l.shapeText(), k.cycles, timeMs(c, k.cycles), k.inputWords, k.outputWords,
                  k.weightWords, inRate, rateMBs(c, k.outputWords, k.cycles), utilisation(c, k), macUtilisation(c, k),
                  arithmeticIntensity(k), k.bufferWritesMultiport, k.bufferWritesMultibank});
        total += k;
        if (l.isConv()) {
            conv += k;
            if (inRate > peakConvRate) peakConvRate = inRate, peakLayer = l.name;
            const std::int64_t eq1 = paperEq1Cycles(c, l);
            eqCycles += eq1;
            eqPeakConvRate = std::max(eqPeakConvRate, rateMBs(c, paperEq2InputWords(c, l), eq1));
        } else {
            fc += k;
            peakFcRate = std::max(peakFcRate, inRate);
            eqCycles += paperEq6Cycles(c, l);
        }
    }
    const double ms = timeMs(c, total.cycles);
    const std::string cfg = "Px=" + std::to_string(c.px) + ", Py=" + std::to_string(c.py) + ", T=" +
                            std::to_string(c.threads) + ", f=" + formatNumber(c.frequencyMhz) + " MHz, b=" +
                            std::to_string(c.bits);
    r.add("total_cycles", double(total.cycles), "cycles", "Σ per-layer cycles (" + cfg + ")",
          "cycles for one image, CONV and FC layers");
    r.add("total_time_ms", ms, "ms", "total_cycles / f = " + formatNumber(double(total.cycles)) + " / " +
                                         formatNumber(c.frequencyMhz) + " MHz",
          "processing time of one image");
    r.add("fps", ms > 0 ? 1000.0 / ms : 0, "frames/s", "1000 / total_time_ms", "images per second");
    r.add("pe_utilization", utilisation(c, total), "",
          "Σ assigned PE-cycles / (Px·Py·total_cycles) (eq. 10, cycle-weighted over layers)",
          "share of PE-cycles holding a real output");
    r.add("peak_input_rate_mb_s", peakConvRate, "MB/s",
          "max over CONV layers of input_words·b/8·f / cycles (Eq. 3), in " + peakLayer,
          "the highest external input-activation rate a CONV layer needs");
    r.add("conv_time_ms", timeMs(c, conv.cycles), "ms",
          "Σ CONV cycles / f = " + formatNumber(double(conv.cycles)) + " / " + formatNumber(c.frequencyMhz) + " MHz",
          "time in CONV layers");
    r.add("fc_time_ms", timeMs(c, fc.cycles), "ms",
          "Σ FC cycles / f = " + formatNumber(double(fc.cycles)) + " / " + formatNumber(c.frequencyMhz) +
              " MHz (fc_mapping " + fcMappingName(c.fcMapping) + ")",
          "time in FC layers");
    r.add("peak_fc_input_rate_mb_s", peakFcRate, "MB/s", "max over FC layers of (inputs + weights)·b/8·f / cycles (Eq. 8)",
          "the FC layers' external rate, weights included");
    r.add("mac_utilization", macUtilisation(c, total), "",
          "MACs / (Px·Py·total_cycles) = " + formatNumber(double(total.macs)) + " / (" + std::to_string(c.px) + "·" +
              std::to_string(c.py) + "·" + formatNumber(double(total.cycles)) + ")",
          "share of PE-cycles doing a multiply-accumulate (fill steps and idle PEs excluded)");
    r.add("arithmetic_intensity", arithmeticIntensity(total), "ops/word", "2·MACs / (input + weight words)",
          "operations per external word for the whole network");
    r.add("buffer_writes_multiport", double(total.bufferWritesMultiport), "writes", "Σ per layer",
          "row-buffer writes with multi-port buffers (once per loaded element)");
    r.add("buffer_writes_multibank", double(total.bufferWritesMultibank), "writes", "Σ per layer",
          "row-buffer writes with multi-bank buffers (loads plus loop-back rewrites)");
    r.add("equation_time_ms", timeMs(c, eqCycles), "ms",
          "Σ Eq. (1) over CONV + Σ Eq. (6) over FC, exactly as restated (stride ignored, groups one after another)",
          "the restated equations' figure, for comparison with total_time_ms");
    r.add("equation_peak_input_rate_mb_s", eqPeakConvRate, "MB/s", "max over CONV layers of Eq. (2)·b/8·f / Eq. (1)",
          "the restated equations' peak CONV input rate");

    // Energy: the closed form's counters priced by the energy table (cgra_energy.h), for both row-buffer kinds.
    const CgraSrams srams = cgraSrams(c, layers_);
    const EnergyAccount energy = cgraEnergy(energy_, c, srams, total, c.buffers);
    addEnergySummary(r, energy, "energy_uj_per_image", 1, "per image",
                     "energy of one image: MACs, accumulators, row buffers (" + bufferKindName(c.buffers) +
                         ") and external DRAM words");
    const EnergyAccount multiport = cgraEnergy(energy_, c, srams, total, BufferKind::MultiPort);
    const EnergyAccount multibank = cgraEnergy(energy_, c, srams, total, BufferKind::MultiBank);
    r.add("energy_uj_per_image_multiport", multiport.uj(), "µJ",
          "as energy_uj_per_image with multi-port row buffers (" + std::to_string(srams.multiportPorts) + " ports, " +
              formatNumber(srams.rowBufferBytes) + " B each): row-buffer reads + writes " +
              formatNumber((multiport.pj("row-buffer reads") + multiport.pj("row-buffer writes")) * 1e-6) + " µJ",
          "the same image with multi-port row buffers (one write per element, dearer accesses)");
    r.add("energy_uj_per_image_multibank", multibank.uj(), "µJ",
          "as energy_uj_per_image with multi-bank row buffers (1W1R, " + formatNumber(srams.rowBufferBytes) +
              " B each): row-buffer reads + writes " +
              formatNumber((multibank.pj("row-buffer reads") + multibank.pj("row-buffer writes")) * 1e-6) + " µJ",
          "the same image with multi-bank row buffers (up to H writes per element, cheaper accesses)");
    r.add("energy_pj_per_mac", total.macs > 0 ? energy.totalPj() / double(total.macs) : 0, "pJ/MAC",
          formatNumber(energy.totalPj()) + " pJ / " + formatNumber(double(total.macs)) + " MACs",
          "energy per multiply-accumulate, everything included");
    addEnergyBreakdown(r, energy, 1);

    // The focus layer: the cycle model against the closed form.
    const CgraLayer& focus = array_.layer();
    const LayerCost expected = closedFormCost(c, focus);
    r.add("focus_layer_cycles", double(expected.cycles), "cycles", cyclesFormula(c, focus),
          "cycles of the animated layer '" + focus.name + "'");
    r.add("simulated_cycles", double(array_.cycle()), "cycles", "cycles the array has run", "");
    if (array_.done())
        r.add("cycle_model_matches_closed_form", array_.state().counted == expected ? 1 : 0, "",
              "1 when every counter of the cycle-stepped run equals the closed form",
              "cycles, external words, buffer reads and writes, MACs, PE activity");

    std::vector<std::string> lowered;
    for (const CgraLayer& l : layers_)
        if (l.loweredFromConvolution) lowered.push_back(l.name);
    r.assumptions = {
        "Only CONV and FC layers run on the array; pooling, normalisation, activations and residual adds cost no cycles "
        "(the paper's Table 2 covers CONV and FC).",
        "Grouped convolutions run their groups one after another, each as a convolution of Ci/g → Co/g channels.",
        "Stride s: Eqs. (1) and (2) are written for s = 1; the model generalises them: the row buffer feeds each row "
        "in min(s,H) phases, so a weight row takes min(s,H)·(Px−1)+H steps (Eq. (1)'s Px+H−1 when s = 1) and a row "
        "block loads (Py−1)·s+H rows (Eq. (2)'s Py+H−1 when s = 1).",
        "External loads are double-buffered behind computation (Section 5.5): they cost words, not cycles.",
        "FC mapping: " + fcMappingName(c.fcMapping) +
            (c.fcMapping == FcMapping::RowBuffers
                 ? " (the paper's Eq. (6)/(8): weights preloaded through the individual inputs, Px cycles per input "
                   "element, Py weight words per cycle)."
                 : " — a HYPOTHESIS, not the paper's model: one weight word per cycle, the CONV weight rate of §5.5 "
                   "(Ni·No cycles), which Eq. (6) contradicts."),
        "Row buffers: " + bufferKindName(c.buffers) +
            ". Multi-port: (Py+H−1)-port SRAM, area O(Py³), one write per element; multi-bank: Py+H−1 1W1R banks, "
            "area O(Py), up to H writes per element (Section 5.4; Table 3's CACTI values were lost in the text).",
        "Arithmetic intensity counts input activations and weights as external words; outputs are reported apart.",
        "Energy SRAM sizes: each row buffer holds the widest padded CONV input row, " + formatNumber(srams.rowBufferBytes) +
            " B; multi-port buffers have Py + 1 = " + std::to_string(srams.multiportPorts) +
            " ports, multi-bank ones 2 (1W1R), and a p-port SRAM is charged as a single-port one p² times larger. "
            "Accumulators: T·b/8 = " + formatNumber(srams.accumulatorBytes) + " B per PE, one read and one write "
            "per MAC" + (srams.accumulatorIsRegister ? " (T = 1: a register)" : " (1R1W SRAM)") +
            ". The weight broadcast and the forwarding bus are not charged (the paper gives no wire lengths).",
    };
    if (!lowered.empty()) r.assumptions.push_back(fcLoweringNote(lowered));
    addEnergyTableUsed(r, {&energy});  // after the assumptions above: it adds the table's line
    return r;
}

std::vector<ChartSpec> CgraModel::charts() const {
    std::vector<ChartSpec> all;
    const CgraLayer* figureLayer = &array_.layer();
    if (!figureLayer->isConv()) {
        figureLayer = nullptr;
        for (const CgraLayer& l : layers_)
            if (l.isConv()) { figureLayer = &l; break; }
    }
    if (figureLayer) all = paperFigureCharts(config_, *figureLayer);
    if (layers_.size() > 1) {
        std::vector<ChartSpec> bars = networkLayerCharts(config_, layers_, networkName_);
        all.insert(all.end(), bars.begin(), bars.end());
    }
    const CgraSrams srams = cgraSrams(config_, layers_);
    std::vector<std::string> names;
    std::vector<EnergyAccount> perLayer;
    for (const CgraLayer& l : layers_) {
        names.push_back(l.name);
        perLayer.push_back(cgraEnergy(energy_, config_, srams, closedFormCost(config_, l), config_.buffers));
    }
    all.push_back(energyStackedChart("layer_energy", networkName_ + ": energy per layer by component", "Layer", names,
                                     perLayer, 1, "per image",
                                     "Each layer's MACs, accumulator and row-buffer accesses (" +
                                         bufferKindName(config_.buffers) + ") and DRAM words, priced by table " +
                                         energy_->name + "."));
    return all;
}

std::string CgraModel::saveState() const { return serializeToBytes(array_.state()); }

void CgraModel::loadState(const std::string& bytes) {
    ArrayState s;
    deserializeFromBytes(bytes, s);
    array_.setState(std::move(s));
}

}  // namespace dfl::cgra
