// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/neurotrainer/nt_analysis.h"

#include "core/sim/metrics_json.h"

namespace dfl::nt {

double OpResult::tops(const Machine& m) const {
    return timing.cycles == 0 ? 0 : 2.0 * double(op.usefulMacs) / seconds(m) / 1e12;
}

double NetworkRun::inferenceSeconds() const {
    double s = 0;
    for (size_t i = 0; i < forwardOps && i < ops.size(); ++i) s += ops[i].seconds(machine);
    return s;
}

double NetworkRun::trainingSeconds() const { return double(cycles()) * machine.secondsPerCycle(); }

double NetworkRun::inferenceOps() const {
    double n = 0;
    for (const OpResult& r : ops)
        if (r.op.phase == Phase::FF) n += 2.0 * double(r.op.usefulMacs);
    return n;
}

double NetworkRun::trainingOps() const {
    double n = 0;
    for (const OpResult& r : ops) n += 2.0 * double(r.op.usefulMacs);
    return n;
}

double NetworkRun::dramBytes() const {
    double words = 0;
    for (const OpResult& r : ops) words += double(r.dramWords);
    return words * machine.wordBytes();
}

NetworkRun runNetwork(const Network& network, const Machine& machine, const LoweringOptions& options) {
    NetworkRun run;
    run.machine = machine;
    run.forwardOps = lowerNetwork(network, machine, {false, options.backpropFirstLayer}).size();
    std::int64_t start = 0;
    for (Op& op : lowerNetwork(network, machine, options)) {
        OpResult r;
        r.timing = simulateOp(op, machine);
        r.startCycle = start;
        const OpTotals t = totals(op);
        r.dramWords = t.vaultWords * machine.pes() + t.busWords;  // bus words are the common vault's reads/writes
        r.op = std::move(op);
        start += r.timing.cycles;
        run.ops.push_back(std::move(r));
    }
    return run;
}

std::shared_ptr<const EnergyTable> PowerParams::energy() const {
    if (table) return table;
    static const auto builtin = std::make_shared<const EnergyTable>(loadEnergyTable("neurotrainer-15nm", "", ""));
    return builtin;
}

std::vector<std::string> neurotrainerEnergyEntries() {
    return {"pe_power", "pmag_power", "vault_controller_power", "bus_power", "ibuffer_power", "dram_bit"};
}

EnergyAccount neurotrainerEnergy(const Machine& m, double seconds, double dramBits, const PowerParams& p) {
    EnergyAccount a(p.energy());
    a.charge("PEs", double(m.pes()) * seconds, "PE·s", "pe_power");
    a.charge("PMAGs", double(m.vaults) * seconds, "PMAG·s", "pmag_power");
    a.charge("vault controllers", double(m.vaults) * seconds, "controller·s", "vault_controller_power");
    a.charge("bus", seconds, "s", "bus_power");
    a.charge("instruction buffer", seconds, "s", "ibuffer_power");
    a.chargeBits("DRAM", dramBits, "bit", "dram_bit", 1);
    return a;
}

EnergyAccount runEnergy(const NetworkRun& run, const PowerParams& p) {
    return neurotrainerEnergy(run.machine, run.trainingSeconds(), run.dramBytes() * 8, p);
}

EnergyAccount opEnergy(const NetworkRun& run, const OpResult& op, const PowerParams& p) {
    return neurotrainerEnergy(run.machine, op.seconds(run.machine), double(op.dramWords) * run.machine.wordBytes() * 8, p);
}

PowerBreakdown trainingPower(const NetworkRun& run, const PowerParams& p) {
    PowerBreakdown b;
    const double seconds = run.trainingSeconds();
    if (seconds <= 0) return b;
    const EnergyAccount e = runEnergy(run, p);
    auto watts = [&](const std::string& component) { return e.pj(component) * 1e-12 / seconds; };
    b.pes = watts("PEs");
    b.pmags = watts("PMAGs");
    b.vaultControllers = watts("vault controllers");
    b.bus = watts("bus");
    b.iBuffer = watts("instruction buffer");
    b.dram = watts("DRAM");
    return b;
}

ScalingPoint scalingPoint(int nodes, const std::string& host, double hostGflops, double t1Seconds, int batch,
                          const ScalingParams& p) {
    ScalingPoint s;
    s.nodes = nodes;
    s.host = host;
    s.t1Ms = t1Seconds * 1e3;
    s.updateMs = double(p.parameters) * p.updateFlopsPerParameter / (hostGflops * 1e9) * 1e3;
    s.transferMs = double(p.parameters) * p.transferBytesPerParameter / (p.linkGBps * 1e9) * 1e3;
    s.latencyMs = s.t1Ms + nodes * s.updateMs + 2.0 * nodes * s.transferMs;
    s.imagesPerS = double(nodes) * batch / (s.latencyMs * 1e-3);
    s.formula = formatNumber(s.t1Ms) + " + " + formatNumber(s.updateMs) + " × " + std::to_string(nodes) + " + 2 × " +
                std::to_string(nodes) + " × " + formatNumber(s.transferMs) + " = " + formatNumber(s.latencyMs) + " ms per " +
                std::to_string(nodes) + " × " + std::to_string(batch) + " images";
    return s;
}

}  // namespace dfl::nt
