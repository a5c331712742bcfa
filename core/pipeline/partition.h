// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A cut of a network's layer list into P contiguous blocks ("layer blocks", one per pipeline stage).
// Stored as the index of each stage's first layer; written as the names of the first layers of stages 2..P,
// which does not depend on how activation or pooling layers are counted.

#include "core/network/network.h"

#include <string>
#include <vector>

namespace dfl {

class Partition {
public:
    Partition() = default;
    // starts[0] must be 0; strictly increasing; each < layerCount. Throws std::invalid_argument otherwise.
    Partition(std::vector<int> starts, int layerCount);

    // The scenario's `params.partition`: throws InputError(file, "params.partition[i]", reason).
    static Partition fromNames(const Network& network, int stages, const std::vector<std::string>& names,
                               const std::string& file);
    // P stages of (nearly) equal layer counts; a fallback for tests and demos.
    static Partition evenByLayers(int layerCount, int stages);

    int stages() const { return int(starts_.size()); }
    int layerCount() const { return layerCount_; }
    int firstLayer(int stage) const { return starts_.at(size_t(stage)); }  // stage is 0-based
    int lastLayer(int stage) const;
    int stageOf(int layer) const;
    const std::vector<int>& starts() const { return starts_; }
    std::vector<std::string> names(const Network& network) const;  // first layers of stages 2..P

    // A copy with layer `layer` (a first or last layer of a stage) moved into the neighbouring stage
    // `direction` (−1 earlier, +1 later). Returns false when that would empty a stage or leave the network.
    bool movedLayer(int layer, int direction, Partition& result) const;
    // A copy with the boundary before stage `stage` (1..P−1) placed before layer `layer`; false when invalid.
    bool movedBoundary(int stage, int layer, Partition& result) const;

    bool operator==(const Partition&) const = default;

private:
    std::vector<int> starts_;
    int layerCount_ = 0;
};

}  // namespace dfl
