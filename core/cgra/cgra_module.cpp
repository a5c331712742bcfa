#include "core/cgra/cgra_module.h"

#include "core/cgra/cgra_model.h"
#include "core/contract/scenario.h"
#include "core/sim/input_error.h"

namespace dfl {

using namespace cgra;

CgraConfig cgraConfigFrom(const Scenario& s) {
    CgraConfig c;
    c.px = int(s.params.getInt("px"));
    c.py = int(s.params.getInt("py"));
    c.threads = int(s.params.getInt("threads"));
    c.frequencyMhz = s.params.getDouble("frequency_mhz");
    c.bits = int(s.params.getInt("bits"));
    c.buffers = s.params.getString("buffers") == "multibank" ? BufferKind::MultiBank : BufferKind::MultiPort;
    c.fcMapping = s.params.getString("fc_mapping") == "weight_bus" ? FcMapping::WeightBus : FcMapping::RowBuffers;
    return c;
}

ModuleInfo cgraModuleInfo() {
    ModuleInfo info;
    info.name = "cgra";
    info.description = "Multithreaded CGRA (Ando et al. 2017): a shared weight broadcast, inputs shifted row-wise, "
                       "T accumulator threads per PE";
    info.needsNetwork = true;
    // Each parameter declared once: key, type, default, unit, description, limits, choices.
    auto param = [&](std::string key, ParamType type, ParamValue value, std::string unit, std::string description,
                     double min = -1e300, double max = 1e300, std::vector<std::string> choices = {}) -> ParamSpec& {
        return declareParam(info.params, std::move(key), type, std::move(value), std::move(unit),
                            std::move(description), min, max, std::move(choices));
    };
    param("px", ParamType::Int, std::int64_t(16), "PEs", "array width Px (output columns per block)", 1, 128);
    param("py", ParamType::Int, std::int64_t(16), "PEs", "array height Py (output rows per block)", 1, 128);
    param("threads", ParamType::Int, std::int64_t(512), "threads",
          "accumulator threads T per PE (1: a register; more: an SRAM)", 1, 65536);
    param("frequency_mhz", ParamType::Double, 200.0, "MHz", "clock frequency f", 1e-3, 1e6);
    param("bits", ParamType::Int, std::int64_t(16), "bits", "word width b", 1, 64);
    param("buffers", ParamType::String, std::string("multiport"), "",
          "row-buffer selection: multiport (one write per element, O(Py³) area) or multibank (up to H writes, O(Py))",
          -1e300, 1e300, {"multiport", "multibank"});
    param("fc_mapping", ParamType::String, std::string("row_buffers"), "",
          "FC weights: row_buffers (Eq. 6, Px cycles per input) or weight_bus (one weight word per cycle)", -1e300,
          1e300, {"row_buffers", "weight_bus"});
    param("layer", ParamType::String, std::string(), "", "the conv or fc layer the array animates (absent: the first)")
        .optional = true;
    info.create = [](const Scenario& s) -> std::unique_ptr<ClockedModel> {
        const CgraConfig config = cgraConfigFrom(s);
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
        return std::make_unique<CgraModel>(s.name, s.network->name(), config, std::move(layers), focus);
    };
    return info;
}

}  // namespace dfl
