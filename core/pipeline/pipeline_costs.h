// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What one layer block costs as a pipeline stage: time (from its MACs at the worker's throughput), memory (every
// term a named assumption, MemoryAssumptions) and the activations crossing its boundaries. Range queries are O(1)
// (prefix sums), because the partition optimiser asks for every contiguous block and the partition editor asks
// again on every drag.

#include "core/network/network.h"
#include "core/pipeline/pipeline_config.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace dfl {

struct StageMemory {
    double weightsMb = 0;
    double weightGradientsMb = 0;
    double momentumMb = 0;
    double stashPerMiniBatchMb = 0;  // activations kept for one in-flight mini-batch
    int inFlight = 0;                // mini-batches held at the peak (from the schedule)
    double stashMb = 0;              // inFlight × stashPerMiniBatchMb
    double activationGradientsMb = 0;
    double totalMb() const { return weightsMb + weightGradientsMb + momentumMb + stashMb + activationGradientsMb; }
};

struct StageCost {
    int stage = 1;  // 1..P
    int firstLayer = 0, lastLayer = 0;
    std::int64_t params = 0;
    std::int64_t forwardMacs = 0;   // per mini-batch
    std::int64_t backwardMacs = 0;  // per mini-batch: input gradients + weight gradients
    double forwardMs = 0, backwardMs = 0, updateMs = 0;
    // backwardMs split for the schedules that run them apart (zb-h1: B and W, docs/schedules.md): gradients with
    // respect to the stage's inputs (none for the network's first layer) and to its weights.
    double backwardInputMs = 0, backwardWeightMs = 0;
    double timeMs() const { return forwardMs + backwardMs + updateMs; }
    StageMemory memory;
    double inputMb = 0;     // activations entering per mini-batch (stage 1: the input batch from memory)
    double boundaryMb = 0;  // activations leaving to the next stage per mini-batch (= gradients coming back); 0 last
};

struct DataParallelCost {
    int workers = 0;
    double weightsMb = 0;         // W
    double trafficMbPerBatch = 0;  // n·W up (dW) + n·W down (W)
    StageMemory worker;            // one worker: the whole network, one mini-batch in flight
    double serverMb = 0;           // the parameter server's weights and momentum
    double totalMb() const { return workers * worker.totalMb() + serverMb; }
};

class PipelineCostModel {
public:
    PipelineCostModel(std::shared_ptr<const Network> network, const PipelineConfig& config);

    const Network& network() const { return *network_; }
    const PipelineConfig& config() const { return config_; }

    StageCost stage(int stage, int firstLayer, int lastLayer) const;  // stage is 1..P
    double stageTimeMs(int firstLayer, int lastLayer) const;
    double stageMemoryMb(int stage, int firstLayer, int lastLayer) const;
    // Layers in [first, last] that cost time: forward or backward MACs, or weights to update (conv, fully connected,
    // batch norm). A stage with none (only ReLU / LRN / pooling / dropout) takes no time: it is idle every cycle.
    int workLayers(int firstLayer, int lastLayer) const {
        return int(range(workLayers_, firstLayer, lastLayer));
    }
    // Values crossing a cut just before `layer` per sample: every earlier output (or the network input) that this
    // layer or a later one reads. layer 0: the network input; a skip connection across the cut counts too.
    std::int64_t cutValuesPerSample(int layer) const { return crossing_.at(size_t(layer)); }
    double cutMb(int layer) const { return megabytes(cutValuesPerSample(layer)); }
    double megabytes(std::int64_t valuesPerSample) const;  // per mini-batch, at the configured batch and width
    int inFlight(int stage) const { return inFlight_.at(size_t(stage - 1)); }

    DataParallelCost dataParallel() const;

private:
    std::int64_t range(const std::vector<std::int64_t>& prefix, int first, int last) const {
        return prefix[size_t(last + 1)] - prefix[size_t(first)];
    }
    StageMemory memory(int stage, int firstLayer, int lastLayer, int inFlight) const;
    double milliseconds(double macs) const;

    std::shared_ptr<const Network> network_;
    PipelineConfig config_;
    // Prefix sums over layers (entry i = sum over layers < i).
    std::vector<std::int64_t> forwardMacs_, backwardMacs_, backwardInputMacs_, backwardWeightMacs_, params_, outputs_, keptOutputs_, workLayers_;
    std::vector<std::int64_t> crossing_;  // per layer: values crossing a cut just before it
    std::vector<int> inFlight_;           // per stage
};

}  // namespace dfl
