// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/modules/network_module.h"

#include "core/contract/scenario.h"
#include "core/sim/serialization.h"

#include <sstream>

namespace dfl {

namespace {

struct NetworkFrame : Frame {};

class NetworkReportModel final : public ClockedModel {
public:
    NetworkReportModel(std::string scenarioName, Network network)
        : scenarioName_(std::move(scenarioName)), network_(std::move(network)) {}

    void reset() override {}
    void step() override {}
    std::int64_t cycle() const override { return 0; }
    bool done() const override { return true; }
    std::int64_t expectedCycles() const override { return 0; }
    FramePtr frame() const override { return std::make_shared<NetworkFrame>(); }
    std::string saveState() const override { return {}; }
    void loadState(const std::string&) override {}

    MetricsReport metrics() const override {
        MetricsReport r;
        r.scenario = scenarioName_;
        r.module = "network";
        r.add("total_params", double(network_.totalParams()), "", "Σ per-layer parameters (weights + biases)",
              "learnable parameters");
        r.add("total_forward_macs", double(network_.totalForwardMacs()), "MAC", "Σ per-layer forward MACs per sample",
              "multiply-accumulates of one forward pass of one sample");
        r.add("total_backward_macs", double(network_.totalBackwardMacs()), "MAC",
              "Σ per-layer (input-gradient + weight-gradient) MACs per sample",
              "multiply-accumulates of one backward pass of one sample");
        r.tables.push_back(networkLayerTable(network_));
        return r;
    }

    std::vector<ChartSpec> charts() const override { return {networkCostChart(network_)}; }

private:
    std::string scenarioName_;
    Network network_;
};

}  // namespace

Table networkLayerTable(const Network& network) {
    Table t{"layers",
            {{"layer", ""},
             {"type", ""},
             {"input_shape", ""},
             {"output_shape", ""},
             {"params", ""},
             {"forward_macs", "MAC"},
             {"backward_macs", "MAC"},
             {"activation_elements", ""}},
            {}};
    for (const Layer& l : network.layers())
        t.addRow({l.name, layerTypeName(l.type), l.input.text(), l.output.text(), l.params, l.forwardMacs,
                  l.backwardMacs(), l.activationElements()});
    return t;
}

ChartSpec networkCostChart(const Network& network) {
    ChartSpec c;
    c.id = "network_cost_per_layer";
    c.title = network.name() + ": cost per layer";
    c.xLabel = "Layer";
    c.yLabel = "Count (log scale)";
    c.kind = ChartKind::Bar;
    c.yLog = true;
    ChartSeries macs{"Forward MACs per sample", SeriesRole::Forward, {}, {}};
    ChartSeries params{"Parameters", SeriesRole::Update, {}, {}};
    for (const Layer& l : network.layers()) {
        if (l.forwardMacs == 0 && l.params == 0) continue;  // pooling, activations: nothing to draw on a log axis
        c.categories.push_back(l.name);
        macs.y.push_back(double(l.forwardMacs));
        params.y.push_back(double(l.params));
    }
    c.series = {macs, params};
    c.caption = "Forward multiply-accumulates and parameters of each layer with weights in " + network.name() + ".";
    return c;
}

ModuleInfo networkModuleInfo() {
    ModuleInfo info;
    info.name = "network";
    info.description = "The network itself: parameters, MACs and activations per layer (no clock)";
    info.needsNetwork = true;
    info.create = [](const Scenario& s) -> std::unique_ptr<ClockedModel> {
        return std::make_unique<NetworkReportModel>(s.name, *s.network);
    };
    return info;
}

}  // namespace dfl
