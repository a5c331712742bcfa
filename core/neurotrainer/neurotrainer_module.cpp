// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/neurotrainer_module.h"

#include "core/network/fc_equivalence.h"
#include "core/network/network_io.h"
#include "core/neurotrainer/nt_analysis.h"
#include "core/neurotrainer/nt_lowering.h"
#include "core/neurotrainer/nt_machine.h"
#include "core/neurotrainer/nt_model.h"
#include "core/neurotrainer/nt_report.h"
#include "core/contract/scenario.h"
#include "core/sim/input_error.h"
#include "core/energy/energy_params.h"
#include "core/sim/param_binder.h"

#include <optional>

namespace dfl {

namespace {

// Everything a NeuroTrainer scenario configures, one field per parameter; the initialisers are the defaults.
struct NeuroTrainerConfig {
    std::string preset = "hmc1";
    std::string mode = "training";
    std::optional<int> vaults;  // absent: the preset's
    nt::Machine machine;
    nt::LoweringOptions lowering;
    EnergySelection energy{"neurotrainer-15nm", {}};
    // Older scenarios' names for Table 5's rows: each, when given, replaces its energy-table entry.
    struct TableFiveParams {
        std::optional<double> peW, pmagW, vaultCtrlW, busW, iBufferW, dramPjPerBit;
    } tableFive;
    nt::ScalingParams scaling;
    std::vector<std::string> benchmarks;
    std::vector<int> bufferSweepKB;
};

// Each parameter once: key, field (whose initialiser is the default), unit, description, limits.
ParamBinder<NeuroTrainerConfig> neurotrainerParams() {
    using C = NeuroTrainerConfig;
    using M = nt::Machine;
    using S = nt::ScalingParams;
    ParamBinder<C> b;
    b.bind("preset", &C::preset, "", "machine preset: hmc1 (16 vaults, 15 PEs) or hmc2 (32 vaults, 31 PEs)")
        .choices({"hmc1", "hmc2"});
    b.bind("mode", &C::mode, "", "what one run of the clock covers: a training step or inference")
        .choices({"training", "inference"});
    b.bind("vaults", &C::vaults, "", "vaults (one is the common-data vault); absent: the preset's").range(2, 256);
    b.bind("vault_gbps", &C::machine, &M::vaultGBps, "GB/s", "bandwidth of one vault; the bus matches it").atLeast(0.1);
    b.bind("clock_ghz", &C::machine, &M::clockGHz, "GHz", "clock of PEs, PMAGs and bus").atLeast(0.01);
    b.bind("macs_per_pe", &C::machine, &M::macsPerPe, "", "k: MAC units per PE (two 16-bit operand pairs each in forward)")
        .range(1, 4096);
    b.bind("bus_stages", &C::machine, &M::busStages, "cycles", "pipeline stages between the common vault and any PE")
        .range(0, 1000);
    b.bind("input_buffer_kb", &C::machine, &M::inputBufferKB, "KB", "each of the two input buffers (double-buffered halves)")
        .range(1, 1 << 20);
    b.bind("output_buffer_kb", &C::machine, &M::outputBufferKB, "KB",
           "the output (partial-sum) buffer (double-buffered halves)")
        .range(1, 1 << 20);
    b.bind("batch", &C::machine, &M::batch, "images", "mini-batch size").range(1, 1 << 20);
    b.bind("backprop_first_layer", &C::lowering, &nt::LoweringOptions::backpropFirstLayer, "",
           "compute the input gradient of the first layer (the paper's Figure 13 does)");
    using T = NeuroTrainerConfig::TableFiveParams;
    const std::string absent = "; absent: the energy table's ";
    b.bind("pe_w", &C::tableFive, &T::peW, "W", "one PE (Table 5)" + absent + "pe_power").atLeast(0);
    b.bind("pmag_w", &C::tableFive, &T::pmagW, "W", "one PMAG (Table 5)" + absent + "pmag_power").atLeast(0);
    b.bind("vault_ctrl_w", &C::tableFive, &T::vaultCtrlW, "W", "one vault controller (Table 5)" + absent +
           "vault_controller_power").atLeast(0);
    b.bind("bus_w", &C::tableFive, &T::busW, "W", "the 32-bit bus (Table 5)" + absent + "bus_power").atLeast(0);
    b.bind("ibuffer_w", &C::tableFive, &T::iBufferW, "W", "the 16 KB instruction buffer (Table 5)" + absent +
           "ibuffer_power").atLeast(0);
    b.bind("dram_pj_per_bit", &C::tableFive, &T::dramPjPerBit, "pJ/bit",
           "DRAM access energy (the paper's reference [33])" + absent + "dram_bit").atLeast(0);
    bindEnergyParams(b, &C::energy);
    b.bind("scaling_max_nodes", &C::scaling, &S::maxNodes, "",
           "largest number of NeuroTrainers in the scaling table (powers of two)")
        .range(1, 1 << 16);
    b.bind("host_link_gbps", &C::scaling, &S::linkGBps, "GB/s", "link between a NeuroTrainer and the central updater")
        .atLeast(1e-3);
    b.bind("k1_gflops", &C::scaling, &S::k1Gflops, "GFLOPS", "Tegra K1 peak").atLeast(1e-3);
    b.bind("update_flops_per_parameter", &C::scaling, &S::updateFlopsPerParameter, "FLOP",
           "updater work per parameter per dW")
        .atLeast(0);
    b.bind("transfer_bytes_per_parameter", &C::scaling, &S::transferBytesPerParameter, "B",
           "bytes per parameter per direction")
        .atLeast(0);
    b.bind("scaling_parameters", &C::scaling, &S::parameters, "", "parameters exchanged per step; absent: the network's")
        .range(1, 1e15)
        .optional();
    b.bind("p100_images_per_s", &C::scaling, &S::p100ImagesPerS, "1/s",
           "one P100 training the scaled network (the paper's reference [39])")
        .atLeast(0);
    b.bind("p100_w", &C::scaling, &S::p100W, "W", "power of one P100").atLeast(1e-3);
    b.bind("benchmarks", &C::benchmarks, "", "built-in networks to compare (Figure 16); empty: none");
    b.bind("buffer_sweep_kb", &C::bufferSweepKB, "KB",
           "buffer sizes (each input and output buffer) for the sensitivity table and chart; empty: none")
        .range(1, 1 << 20);
    return b;
}

std::unique_ptr<ClockedModel> create(const Scenario& s) {
    const NeuroTrainerConfig c = neurotrainerParams().from(s.params);
    nt::Machine m = c.machine;
    m.preset = c.preset;
    m.vaults = c.vaults ? *c.vaults : nt::machinePreset(c.preset).vaults;
    if (m.wordsPerCycle() != 1.0)
        throw InputError(s.file, "params.vault_gbps",
                         "the models move one 32-bit word per cycle per vault: vault_gbps must equal 4 × clock_ghz (" +
                             std::to_string(4 * m.clockGHz) + ")");
    nt::LoweringOptions lo = c.lowering;
    lo.training = c.mode == "training";

    nt::ReportInputs in;
    in.networkName = s.network->name();
    EnergyTable table = energyTableFor(c.energy, s.file, nt::neurotrainerEnergyEntries());
    const std::pair<const std::optional<double>*, const char*> tableFive[] = {
        {&c.tableFive.peW, "pe_power"},   {&c.tableFive.pmagW, "pmag_power"},
        {&c.tableFive.vaultCtrlW, "vault_controller_power"}, {&c.tableFive.busW, "bus_power"},
        {&c.tableFive.iBufferW, "ibuffer_power"}, {&c.tableFive.dramPjPerBit, "dram_bit"}};
    for (const auto& [value, entry] : tableFive)
        if (*value) overrideEnergyEntry(table, entry, **value);
    in.power.table = std::make_shared<const EnergyTable>(std::move(table));
    in.scaling = c.scaling;
    const std::vector<std::string>& names = c.benchmarks;
    std::vector<nt::TrainingRateBound> bounds;
    for (size_t i = 0; i < names.size(); ++i) {
        Network net;
        try {
            net = loadBuiltinNetwork(names[i]);
        } catch (const InputError& e) {
            throw InputError(s.file, "params.benchmarks[" + std::to_string(i) + "]", e.reason());
        }
        const Network lowered = lowerFullyConnectedConvolutions(net).network;
        in.benchmarks.push_back(nt::benchmark(names[i], lowered, m, {true, lo.backpropFirstLayer}, in.power));
        if (nt::allFullyConnected(lowered)) bounds.push_back(nt::allFcUpperBound(names[i]));
        else if (nt::boundedByAlexNetLayerRates(lowered)) bounds.push_back(nt::convLowerBound(names[i], lowered));
    }
    if (!names.empty()) {
        // The paper's GRU is "six fully connected layers ... and one fully connected layer" (§5.1): all FC, whatever
        // its sizes, so its bound needs no network of ours.
        bounds.push_back(nt::allFcUpperBound("gru (the paper's, all FC)"));
        in.figure16 = nt::figure16Bound(bounds);
    }
    // A convolution over its whole input is an FC layer: rows of W across the PEs, the input broadcast.
    const FcLowering lowering = lowerFullyConnectedConvolutions(*s.network);
    if (!c.bufferSweepKB.empty())
        in.bufferSweep = nt::bufferSweep(lowering.network, m, {true, lo.backpropFirstLayer}, in.power, c.bufferSweepKB);
    nt::NetworkRun run = nt::runNetwork(lowering.network, m, lo);
    if (run.ops.empty())
        throw InputError(s.file, "network", "has no convolution, fully connected or pooling layer for the NeuroTrainer to run");
    const Network network = lowering.network;
    const std::string name = s.name, loweringNote = fcLoweringNote(lowering.lowered);
    auto report = [network, in, name, loweringNote](const nt::NetworkRun& r) {
        MetricsReport rep = nt::buildReport(r, network, in);
        rep.scenario = name;
        if (!loweringNote.empty()) rep.assumptions.push_back(loweringNote);
        return rep;
    };
    auto charts = [in](const nt::NetworkRun& r) { return nt::buildCharts(r, in); };
    return std::make_unique<nt::NeuroTrainerModel>(network, std::move(run), report, charts);
}

}  // namespace

ModuleInfo neurotrainerModuleInfo() {
    ModuleInfo info;
    info.name = "neurotrainer";
    info.description = "NeuroTrainer (Kim et al. 2017): PEs beside HMC vaults, a broadcast bus and PMAG loop counters";
    info.needsNetwork = true;
    info.params = neurotrainerParams().specs();
    info.create = create;
    return info;
}

}  // namespace dfl
