// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cgra/cgra_module.h"

#include "core/cgra/cgra_energy.h"
#include "core/cgra/cgra_model.h"
#include "core/contract/scenario.h"
#include "core/sim/input_error.h"
#include "core/energy/energy_params.h"
#include "core/sim/param_binder.h"

namespace dfl {

using namespace cgra;

namespace {

// Each parameter once: key, field (whose initialiser is the default), unit, description, limits.
ParamBinder<CgraConfig> cgraParams() {
    ParamBinder<CgraConfig> b;
    b.bind("px", &CgraConfig::px, "PEs", "array width Px (output columns per block)").range(1, 128);
    b.bind("py", &CgraConfig::py, "PEs", "array height Py (output rows per block)").range(1, 128);
    b.bind("threads", &CgraConfig::threads, "threads", "accumulator threads T per PE (1: a register; more: an SRAM)")
        .range(1, 65536);
    b.bind("frequency_mhz", &CgraConfig::frequencyMhz, "MHz", "clock frequency f").range(1e-3, 1e6);
    b.bind("bits", &CgraConfig::bits, "bits", "word width b").range(1, 64);
    b.bind("buffers", &CgraConfig::buffers, {{"multiport", BufferKind::MultiPort}, {"multibank", BufferKind::MultiBank}},
           "", "row-buffer selection: multiport (one write per element, O(Py³) area) or multibank (up to H writes, O(Py))");
    b.bind("fc_mapping", &CgraConfig::fcMapping,
           {{"row_buffers", FcMapping::RowBuffers}, {"weight_bus", FcMapping::WeightBus}}, "",
           "FC weights: row_buffers (the paper's Eq. 6/8: preloaded through the individual inputs, Px cycles per input "
           "element) or weight_bus (a hypothesis contradicting Eq. 6: one weight word per cycle; docs/cgra.md)");
    bindEnergyParams(b, &CgraConfig::energy);
    b.declareOptional("layer", ParamType::String, "", "the conv or fc layer the array animates (absent: the first)");
    return b;
}

}  // namespace

CgraConfig cgraConfigFrom(const Params& params) { return cgraParams().from(params); }

ModuleInfo cgraModuleInfo() {
    ModuleInfo info;
    info.name = "cgra";
    info.description = "Multithreaded CGRA (Ando et al. 2017): a shared weight broadcast, inputs shifted row-wise, "
                       "T accumulator threads per PE";
    info.needsNetwork = true;
    info.params = cgraParams().specs();
    info.create = [](const Scenario& s) -> std::unique_ptr<ClockedModel> {
        const CgraConfig config = cgraConfigFrom(s.params);
        std::vector<CgraLayer> layers;
        int focus = -1;
        const std::string wanted = s.params.has("layer") ? s.params.getString("layer") : std::string();
        for (int i = 0; i < s.network->size(); ++i) {
            const Layer& l = s.network->layer(i);
            if (l.type != LayerType::Conv && l.type != LayerType::FullyConnected) continue;
            if (l.name == wanted) focus = int(layers.size());
            layers.push_back(cgraLayerFrom(l, s.file, "network.layers[" + std::to_string(i) + "]"));
        }
        if (layers.empty()) throw InputError(s.file, "network", "has no conv or fc layer for the CGRA to run");
        if (wanted.empty()) focus = 0;
        else if (focus < 0)
            throw InputError(s.file, "params.layer", "'" + wanted + "' is not a conv or fc layer of the network");
        auto energy = std::make_shared<const EnergyTable>(energyTableFor(config.energy, s.file, cgraEnergyEntries(config)));
        return std::make_unique<CgraModel>(s.name, s.network->name(), config, std::move(layers), focus,
                                           std::move(energy));
    };
    return info;
}

}  // namespace dfl
