// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/partition.h"

#include "core/sim/input_error.h"

#include <stdexcept>

namespace dfl {

Partition::Partition(std::vector<int> starts, int layerCount) : starts_(std::move(starts)), layerCount_(layerCount) {
    if (starts_.empty() || starts_[0] != 0) throw std::invalid_argument("a partition's first stage starts at layer 0");
    for (size_t s = 1; s < starts_.size(); ++s)
        if (starts_[s] <= starts_[s - 1] || starts_[s] >= layerCount_)
            throw std::invalid_argument("partition stage starts must increase and stay inside the network");
}

Partition Partition::fromNames(const Network& network, int stages, const std::vector<std::string>& names,
                               const std::string& file) {
    if (stages > network.size())
        throw InputError(file, "params.stages",
                         std::to_string(stages) + " stages need at least as many layers, but " + network.name() +
                             " has " + std::to_string(network.size()));
    if (int(names.size()) != stages - 1)
        throw InputError(file, "params.partition",
                         "expected " + std::to_string(stages - 1) + " layer names (the first layers of stages 2.." +
                             std::to_string(stages) + ") for " + std::to_string(stages) + " stages, got " +
                             std::to_string(names.size()));
    std::vector<int> starts{0};
    for (size_t i = 0; i < names.size(); ++i) {
        const std::string place = "params.partition[" + std::to_string(i) + "]";
        const int index = network.indexOf(names[i]);
        if (index < 0) throw InputError(file, place, "no layer named '" + names[i] + "' in " + network.name());
        if (index == 0)
            throw InputError(file, place, "'" + names[i] + "' is the network's first layer; stage 1 always starts there");
        if (index <= starts.back())
            throw InputError(file, place,
                             "'" + names[i] + "' does not come after '" + network.layer(starts.back()).name +
                                 "': stage boundaries must be listed in network order");
        starts.push_back(index);
    }
    return Partition(std::move(starts), network.size());
}

Partition Partition::evenByLayers(int layerCount, int stages) {
    std::vector<int> starts;
    for (int s = 0; s < stages; ++s) starts.push_back(int(std::int64_t(s) * layerCount / stages));
    return Partition(std::move(starts), layerCount);
}

int Partition::lastLayer(int stage) const {
    return stage + 1 < stages() ? starts_.at(size_t(stage + 1)) - 1 : layerCount_ - 1;
}

int Partition::stageOf(int layer) const {
    int stage = 0;
    while (stage + 1 < stages() && starts_[size_t(stage + 1)] <= layer) ++stage;
    return stage;
}

std::vector<std::string> Partition::names(const Network& network) const {
    std::vector<std::string> result;
    for (size_t s = 1; s < starts_.size(); ++s) result.push_back(network.layer(starts_[s]).name);
    return result;
}

bool Partition::movedLayer(int layer, int direction, Partition& result) const {
    if (layer < 0 || layer >= layerCount_ || (direction != -1 && direction != 1)) return false;
    const int stage = stageOf(layer);
    // Contiguity: moving a layer to the earlier stage moves every layer before it in its stage too
    // (the boundary jumps to just after it), and symmetrically for the later stage.
    if (direction < 0) {
        if (stage == 0) return false;
        return movedBoundary(stage, layer + 1, result);
    }
    if (stage + 1 >= stages()) return false;
    return movedBoundary(stage + 1, layer, result);
}

bool Partition::movedBoundary(int stage, int layer, Partition& result) const {
    if (stage < 1 || stage >= stages()) return false;
    const int lower = starts_[size_t(stage - 1)] + 1;  // the earlier stage keeps at least one layer
    const int upper = stage + 1 < stages() ? starts_[size_t(stage + 1)] - 1 : layerCount_ - 1;
    if (layer < lower || layer > upper) return false;
    std::vector<int> starts = starts_;
    starts[size_t(stage)] = layer;
    result = Partition(std::move(starts), layerCount_);
    return true;
}

}  // namespace dfl
