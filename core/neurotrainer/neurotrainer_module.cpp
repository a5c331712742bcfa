#include "core/neurotrainer/neurotrainer_module.h"

#include "core/network/network_io.h"
#include "core/neurotrainer/nt_model.h"
#include "core/neurotrainer/nt_report.h"
#include "core/contract/scenario.h"
#include "core/sim/input_error.h"

namespace dfl {

namespace {

ParamSpec spec(std::string key, ParamType type, ParamValue def, std::string unit, std::string description) {
    ParamSpec p;
    p.key = std::move(key);
    p.type = type;
    p.defaultValue = std::move(def);
    p.unit = std::move(unit);
    p.description = std::move(description);
    return p;
}
ParamSpec intParam(std::string key, std::int64_t def, std::string unit, std::string description, double min, double max) {
    ParamSpec p = spec(std::move(key), ParamType::Int, def, std::move(unit), std::move(description));
    p.min = min;
    p.max = max;
    return p;
}
ParamSpec doubleParam(std::string key, double def, std::string unit, std::string description, double min, double max = 1e300) {
    ParamSpec p = spec(std::move(key), ParamType::Double, def, std::move(unit), std::move(description));
    p.min = min;
    p.max = max;
    return p;
}
ParamSpec optionalInt(std::string key, std::string unit, std::string description, double min, double max) {
    ParamSpec p = intParam(std::move(key), 0, std::move(unit), std::move(description), min, max);
    p.defaultValue = std::int64_t(0);
    p.optional = true;
    return p;
}

std::vector<ParamSpec> params() {
    ParamSpec preset = spec("preset", ParamType::String, std::string("hmc1"), "",
                     "machine preset: hmc1 (16 vaults, 15 PEs) or hmc2 (32 vaults, 31 PEs)");
    preset.choices = {"hmc1", "hmc2"};
    ParamSpec mode = spec("mode", ParamType::String, std::string("training"), "", "what one run of the clock covers: a training step or inference");
    mode.choices = {"training", "inference"};
    ParamSpec benchmarks = spec("benchmarks", ParamType::StringList, std::vector<std::string>{}, "",
                                "built-in networks to compare (Figure 16); empty: none");
    return {
        preset,
        mode,
        optionalInt("vaults", "", "vaults (one is the common-data vault); absent: the preset's", 2, 256),
        doubleParam("vault_gbps", 10, "GB/s", "bandwidth of one vault; the bus matches it", 0.1),
        doubleParam("clock_ghz", 2.5, "GHz", "clock of PEs, PMAGs and bus", 0.01),
        intParam("macs_per_pe", 32, "", "k: MAC units per PE (two 16-bit operand pairs each in forward)", 1, 4096),
        intParam("bus_stages", 4, "cycles", "pipeline stages between the common vault and any PE", 0, 1000),
        intParam("input_buffer_kb", 64, "KB", "each of the two input buffers (double-buffered halves)", 1, 1 << 20),
        intParam("output_buffer_kb", 64, "KB", "the output (partial-sum) buffer (double-buffered halves)", 1, 1 << 20),
        intParam("batch", 32, "images", "mini-batch size", 1, 1 << 20),
        spec("backprop_first_layer", ParamType::Bool, true, "", "compute the input gradient of the first layer (the paper's Figure 13 does)"),
        doubleParam("pe_w", 0.155, "W", "one PE (Table 5)", 0),
        doubleParam("pmag_w", 3.16e-3, "W", "one PMAG (Table 5)", 0),
        doubleParam("vault_ctrl_w", 4.27e-3, "W", "one vault controller (Table 5)", 0),
        doubleParam("bus_w", 3.70e-2, "W", "the 32-bit bus (Table 5)", 0),
        doubleParam("ibuffer_w", 1.02e-2, "W", "the 16 KB instruction buffer (Table 5)", 0),
        doubleParam("dram_pj_per_bit", 3.7, "pJ/bit", "DRAM access energy (the paper's reference [33])", 0),
        intParam("scaling_max_nodes", 64, "", "largest number of NeuroTrainers in the scaling table (powers of two)", 1, 1 << 16),
        doubleParam("host_link_gbps", 240, "GB/s", "link between a NeuroTrainer and the central updater", 1e-3),
        doubleParam("k1_gflops", 326, "GFLOPS", "Tegra K1 peak", 1e-3),
        doubleParam("update_flops_per_parameter", 100, "FLOP", "updater work per parameter per dW", 0),
        doubleParam("transfer_bytes_per_parameter", 8, "B", "bytes per parameter per direction", 0),
        optionalInt("scaling_parameters", "", "parameters exchanged per step; absent: the network's", 1, 1e15),
        doubleParam("p100_images_per_s", 150, "1/s", "one P100 training the scaled network (the paper's reference [39])", 0),
        doubleParam("p100_w", 400, "W", "power of one P100", 1e-3),
        benchmarks,
    };
}

std::unique_ptr<ClockedModel> create(const Scenario& s) {
    const Params& p = s.params;
    nt::Machine m = nt::machinePreset(p.getString("preset"));
    if (p.has("vaults") && p.getInt("vaults") > 0) m.vaults = int(p.getInt("vaults"));
    m.vaultGBps = p.getDouble("vault_gbps");
    m.clockGHz = p.getDouble("clock_ghz");
    m.macsPerPe = int(p.getInt("macs_per_pe"));
    m.busStages = int(p.getInt("bus_stages"));
    m.inputBufferKB = int(p.getInt("input_buffer_kb"));
    m.outputBufferKB = int(p.getInt("output_buffer_kb"));
    m.batch = int(p.getInt("batch"));
    if (m.wordsPerCycle() != 1.0)
        throw InputError(s.file, "params.vault_gbps",
                         "the models move one 32-bit word per cycle per vault: vault_gbps must equal 4 × clock_ghz (" +
                             std::to_string(4 * m.clockGHz) + ")");
    nt::LoweringOptions lo;
    lo.training = p.getString("mode") == "training";
    lo.backpropFirstLayer = p.getBool("backprop_first_layer");

    nt::ReportInputs in;
    in.networkName = s.network->name();
    in.power = {p.getDouble("pe_w"), p.getDouble("pmag_w"), p.getDouble("vault_ctrl_w"), p.getDouble("bus_w"),
                p.getDouble("ibuffer_w"), p.getDouble("dram_pj_per_bit")};
    in.scaling.maxNodes = int(p.getInt("scaling_max_nodes"));
    in.scaling.linkGBps = p.getDouble("host_link_gbps");
    in.scaling.k1Gflops = p.getDouble("k1_gflops");
    in.scaling.updateFlopsPerParameter = p.getDouble("update_flops_per_parameter");
    in.scaling.transferBytesPerParameter = p.getDouble("transfer_bytes_per_parameter");
    in.scaling.parameters = p.has("scaling_parameters") ? p.getInt("scaling_parameters") : 0;
    in.scaling.p100ImagesPerS = p.getDouble("p100_images_per_s");
    in.scaling.p100W = p.getDouble("p100_w");
    const std::vector<std::string>& names = p.getStringList("benchmarks");
    for (size_t i = 0; i < names.size(); ++i) {
        Network net;
        try {
            net = loadBuiltinNetwork(names[i]);
        } catch (const InputError& e) {
            throw InputError(s.file, "params.benchmarks[" + std::to_string(i) + "]", e.reason());
        }
        in.benchmarks.push_back(nt::benchmark(names[i], net, m, {true, lo.backpropFirstLayer}));
    }
    nt::NetworkRun run = nt::runNetwork(*s.network, m, lo);
    if (run.ops.empty())
        throw InputError(s.file, "network", "has no convolution, fully connected or pooling layer for the NeuroTrainer to run");
    const Network network = *s.network;
    const std::string name = s.name;
    auto report = [network, in, name](const nt::NetworkRun& r) {
        MetricsReport rep = nt::buildReport(r, network, in);
        rep.scenario = name;
        return rep;
    };
    auto charts = [in](const nt::NetworkRun& r) { return nt::buildCharts(r, in); };
    return std::make_unique<nt::NeuroTrainerModel>(network, std::move(run), report, charts);
}

}  // namespace

ModuleInfo neurotrainerModuleInfo() {
    ModuleInfo info;
    info.name = "neurotrainer";
    info.description = "NeuroTrainer (seed 003): PEs beside HMC vaults, a broadcast bus and PMAG loop counters";
    info.needsNetwork = true;
    info.params = params();
    info.create = create;
    return info;
}

}  // namespace dfl
