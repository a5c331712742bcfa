#include "core/pipeline/pipeline_module.h"

#include "core/pipeline/pipeline_model.h"
#include "core/pipeline/pipeline_setup.h"
#include "core/scenario/scenario.h"

namespace dfl {

namespace {

std::vector<ParamSpec> pipelineParams() {
    using T = ParamType;
    std::vector<ParamSpec> p;
    auto add = [&p](std::string key, T type, ParamValue value, std::string unit, std::string description,
                    double min = -1e300, double max = 1e300, std::vector<std::string> choices = {}) {
        return &declareParam(p, std::move(key), type, std::move(value), std::move(unit), std::move(description), min,
                             max, std::move(choices));
    };
    add("stages", T::Int, std::int64_t(4), "", "pipeline stages P: contiguous layer blocks, one worker each", 1, 64);
    add("batch", T::Int, std::int64_t(32), "samples", "mini-batch size", 1, 65536);
    add("partition", T::StringList, std::vector<std::string>{}, "",
        "names of the first layers of stages 2..P; absent: the optimiser's partition")->optional = true;
    add("workers", T::Int, std::int64_t(4), "", "data-parallel workers to compare with; absent: as many as stages", 1, 4096)
        ->optional = true;
    add("bytes_per_value", T::Int, std::int64_t(4), "bytes", "bytes per activation, gradient and weight (4: float32)", 1, 8);
    add("mini_batches", T::Int, std::int64_t(16), "", "mini-batches fed through the cycle-stepped run", 1, 1e12);
    add("worker_gmacs", T::Double, 1000.0, "GMAC/s", "throughput of one worker (stage or data-parallel worker)", 1e-6);
    add("update_macs_per_weight", T::Double, 2.0, "MAC", "weight-update cost per weight (momentum and step)", 0, 1e6);
    add("balance_secondary", T::String, std::string("memory"), "",
        "optimiser's second objective among fastest partitions: total memory or total traffic", -1e300, 1e300,
        {"memory", "traffic"});
    add("memory_weight_gradients", T::Bool, true, "", "count one weight-gradient buffer (dW) per weight copy");
    add("memory_momentum", T::Bool, true, "", "count SGD momentum where the update runs (stage / parameter server)");
    add("memory_stash", T::String, std::string("all_outputs"), "",
        "layer outputs kept per in-flight mini-batch: every output, or only those read by layers with weights", -1e300,
        1e300, {"all_outputs", "weight_inputs"});
    add("memory_stage_input", T::Bool, true, "", "stash the stage's input activations too");
    add("memory_activation_gradients", T::Bool, true, "", "count one mini-batch of activation gradients per stage / worker");
    add("memory_forward_before_backward", T::Bool, true, "",
        "count the new forward's activations before the old backward frees its stash (one more mini-batch at the "
        "peak: buffers allocated before freed); the passes themselves run backward first (kIntraCycleOrder)");
    add("memory_server_weights", T::Bool, true, "", "data parallel: the parameter server keeps its own copy of W");
    return p;
}

}  // namespace

ModuleInfo pipelineModuleInfo() {
    ModuleInfo info;
    info.name = "pipeline";
    info.description = "Layer-block-wise pipeline training: stages, weight-update delay 2P−2S+1, traffic and memory "
                       "against data parallelism (Kobe, seeds 000/001)";
    info.needsNetwork = true;
    info.params = pipelineParams();
    info.create = [](const Scenario& s) -> std::unique_ptr<ClockedModel> {
        const PipelineConfig config = pipelineConfigFromParams(s.params, s.file);
        auto network = std::make_shared<const Network>(*s.network);
        return std::make_unique<PipelineModel>(s.name, makePipelineLayout(network, config, s.file),
                                               config.memory.forwardBeforeBackward);
    };
    return info;
}

}  // namespace dfl
