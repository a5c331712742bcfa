// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything a pipeline run is configured with, parsed once from the scenario's validated parameters.
// Every memory term is a named switch here, so the report can say exactly what was counted.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

// Which layer outputs a stage keeps for each in-flight mini-batch until that mini-batch's backward pass.
enum class StashPolicy {
    AllOutputs,    // every layer output of the stage (a framework without in-place layers)
    WeightInputs,  // only the tensors the weight gradients read: the inputs of layers with weights
};

// What the memory accounting counts (docs/architecture.md "The clocked-model contract": the report states its assumptions).
struct MemoryAssumptions {
    bool weightGradients = true;      // one dW buffer per weight copy's owner
    bool momentum = true;             // SGD momentum, held where the update runs (stage / parameter server)
    StashPolicy stash = StashPolicy::AllOutputs;
    bool stageInput = true;           // the stage's input activations are stashed too (first layer's dW needs them)
    bool activationGradients = true;  // one mini-batch of gradients of every kept tensor during the backward pass
    bool forwardBeforeBackward = true;  // within a cycle a stage runs the new forward before the old backward,
                                        // so the peak holds one more mini-batch
    bool serverWeights = true;        // data parallel: the parameter server's own copy of W
};

enum class SecondaryObjective { Memory, Traffic };

// Where the schedule family's F, B, W and U times come from (docs/schedules.md "Cost model").
enum class OpCostModel {
    Network,  // each stage's MACs at the worker's throughput: B from input-gradient MACs, W from weight-gradient MACs
    Uniform,  // F = B = W = 1, U = 0 on every stage: the closed forms' convention
};

struct PipelineConfig {
    int stages = 4;
    int batch = 32;
    int bytesPerValue = 4;  // float32
    int workers = 4;        // data-parallel comparison; defaults to `stages`
    std::int64_t miniBatches = 16;  // length of the cycle-stepped run
    double workerGmacsPerSecond = 1000;
    double updateMacsPerWeight = 2;  // momentum accumulate + weight step
    SecondaryObjective secondary = SecondaryObjective::Memory;
    MemoryAssumptions memory;
    std::optional<std::vector<std::string>> partition;  // names of the first layers of stages 2..P; empty = optimiser

    // The schedule family (schedule_family.h). layer-block is the talk's pipeline, which the cycle-stepped model
    // steps; the others are stepped op by op on their timeline.
    std::string schedule = "layer-block";
    int microBatches = 8;    // m of the schedule timelines (layer-block included), each of `batch` samples
    int virtualStages = 2;   // v: model chunks per stage, interleaved-1f1b only
    OpCostModel opCosts = OpCostModel::Network;
    std::string compareSchedule = "none";  // a second timeline for the stacked comparison
    bool scheduleComparison = false;       // the `schedules` table and trade-off chart over all seven
};

}  // namespace dfl
