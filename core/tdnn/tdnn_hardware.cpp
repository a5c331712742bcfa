// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/tdnn_hardware.h"

namespace dfl {

double femtojoulePerSynapticOp(const EnergyTable& table) {
    const EnergyEntry& op = table.entry("synaptic_op");
    return op.unit == "fJ" ? op.value : op.pj() * 1e3;  // the file's own figure when it is in fJ, unrounded
}

std::vector<std::string> tdnnEnergyEntries() { return {"synaptic_op"}; }

std::vector<EnergyAccount> tdnnLayerEnergy(const std::vector<int>& sizes, std::shared_ptr<const EnergyTable> table) {
    std::vector<EnergyAccount> layers;
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
        EnergyAccount a(table);
        a.charge("synaptic operations", double(std::int64_t(sizes[i]) * sizes[i + 1]), "SOp", "synaptic_op");
        layers.push_back(std::move(a));
    }
    return layers;
}

NetworkHardwareFigures hardwareFigures(const std::vector<int>& sizes) {
    NetworkHardwareFigures f;
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) f.processingElements += std::int64_t(sizes[i]) * sizes[i + 1];
    f.synapticOpsPerImage = f.processingElements;
    f.blueprintAreaMm2 = double(f.processingElements) * kBlueprintPeAreaUm2 * 1e-6;
    f.blueprintGates = f.processingElements * kBlueprintGatesPerPe;
    f.testChipsNeeded = double(f.processingElements) / kTestChipPes;
    return f;
}

Table hardwareComparisonTable(const std::vector<int>& sizes, double energyPerImageNj) {
    Table t{"hardware_comparison",
            {{"design", ""}, {"tech", "nm"}, {"chip_area", "mm²"}, {"efficiency", "TSOp/s/W"}, {"hardware_efficiency", "GE/PE"},
             {"pes", ""}, {"sop_per_image", "SOp"}, {"energy_per_image", "nJ"}, {"source", ""}},
            {}};
    const std::string talk = "ToshibaDNN, 'Performance comparison'";
    t.addRow({"TDNN blueprint w/ ReRAM", "65", "-", 48.2, 3.0, "-", "-", "-", talk + " (excludes external I/O)"});
    t.addRow({"TDNN test chip w/ SRAM", "65", "3.61 (core incl. SRAM)", 48.2, 76.5, std::int64_t(kTestChipPes), "-", "-",
              talk});
    t.addRow({"GLS-VLSI 2015 (Origami)", "65", "1.31 (core incl. SRAM)", 0.402, 4641.0, "-", "-", "-", talk});
    t.addRow({"Science 2014 (TrueNorth)", "28", "430", 0.4, 6.5, "-", "-", "-", talk + " (0.039 or 0.4 by source)"});
    t.addRow({"ISSCC 2016 (switched-capacitor)", "40", "0.012", 3.86, 288.0, "-", "-", "-", talk + " (excludes CML)"});
    const NetworkHardwareFigures f = hardwareFigures(sizes);
    std::string name;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (i) name += '-';  // piece by piece: GCC 12 warns falsely (-Wrestrict) on "-" + std::to_string
        name += std::to_string(sizes[i]);
    }
    t.addRow({"this BNN " + name + " on the blueprint", "65", "-", kTdnnTsopsPerWatt, double(kBlueprintGatesPerPe),
              f.processingElements, f.synapticOpsPerImage, energyPerImageNj,
              "evaluated: one PE per weight, SOp × the energy table's synaptic_op"});
    return t;
}

Table lognetPublishedTable() {
    Table t{"lognet_published",
            {{"model", ""}, {"float32", "%"}, {"linear_4b", "%"}, {"log2_4b", "%"}, {"linear_5b", "%"}, {"log2_5b", "%"},
             {"source", ""}},
            {}};
    const std::string src = "ToshibaDNN, LOGNET 'Evaluation of Proposed 2' (ILSVRC-2012 top-5, weights only)";
    t.addRow({"AlexNet", 78.3, 1.6, 73.4, 71.0, 74.6, src});
    t.addRow({"VGG16", 89.8, 0.5, 85.2, 83.2, 86.0, src});
    return t;
}

}  // namespace dfl
