// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/network.h"

#include "core/network/network_limits.h"
#include "core/sim/input_error.h"

#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace dfl {

namespace {

// Counts are products of user-supplied sizes; a typo such as 40960000 channels must be an error, not a wrap.
std::int64_t mul(std::initializer_list<std::int64_t> factors, const std::string& origin, const std::string& place) {
    std::int64_t product = 1;
    for (std::int64_t f : factors)
        if (__builtin_mul_overflow(product, f, &product))
            throw InputError(origin, place, "sizes too large: the count overflows 64 bits");
    return product;
}

std::int64_t add(std::int64_t a, std::int64_t b, const std::string& what, const std::string& origin,
                 const std::string& place) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) throw InputError(origin, place, "sizes too large: " + what + " overflows 64 bits");
    return sum;
}

// A shape's element count, checked against kMaxTensorElements before anything multiplies it further.
void checkElements(const Shape& s, const char* what, const std::string& origin, const std::string& place) {
    std::int64_t elements = 0;
    if (__builtin_mul_overflow(std::int64_t(s.c), std::int64_t(s.h), &elements) ||
        __builtin_mul_overflow(elements, std::int64_t(s.w), &elements) || elements > kMaxTensorElements)
        throw InputError(origin, place, std::string(what) + " " + s.text() + " has more than 2^40 elements (the limit)");
}

// One spatial dimension of a sliding window (convolution or pooling).
// Pooling in ceil mode follows Caffe and torchvision: a last window that would start inside the
// trailing padding (or beyond) is dropped. SCALE-Sim convolutions round up without that rule,
// because SCALE-Sim counts the partial last window.
// 64-bit throughout: with every operand at most kMaxDimension nothing here overflows, and the caller checks the
// result against kMaxDimension before it becomes an int.
std::int64_t windowOutput(std::int64_t in, std::int64_t padBefore, std::int64_t padAfter, std::int64_t kernel,
                          std::int64_t stride, bool ceilMode, bool dropPaddingWindow) {
    const std::int64_t span = in + padBefore + padAfter - kernel;
    if (span < 0) return 0;
    std::int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceilMode && dropPaddingWindow && (out - 1) * stride >= in + padBefore) --out;
    return out;
}

void checkWindow(const Layer& l, const std::string& origin, const std::string& place) {
    if (l.kernelH <= 0 || l.kernelW <= 0) throw InputError(origin, place, "kernel must be positive");
    if (l.strideH <= 0 || l.strideW <= 0) throw InputError(origin, place, "stride must be positive");
    if (l.pad.top < 0 || l.pad.bottom < 0 || l.pad.left < 0 || l.pad.right < 0)
        throw InputError(origin, place, "padding must not be negative");
    for (int v : {l.kernelH, l.kernelW, l.strideH, l.strideW, l.pad.top, l.pad.bottom, l.pad.left, l.pad.right})
        if (v > kMaxDimension) throw InputError(origin, place, "kernel, stride and padding must be at most 10^9");
}

// The output height and width of a window layer, or an error naming the layer: a window that does not fit, or
// an output larger than any dimension may be (a huge padding).
std::pair<int, int> windowOutputs(const Layer& l, const Shape& in, bool dropPaddingWindow, const std::string& origin,
                                  const std::string& place) {
    const std::int64_t oh = windowOutput(in.h, l.pad.top, l.pad.bottom, l.kernelH, l.strideH, l.ceilMode, dropPaddingWindow);
    const std::int64_t ow = windowOutput(in.w, l.pad.left, l.pad.right, l.kernelW, l.strideW, l.ceilMode, dropPaddingWindow);
    if (oh <= 0 || ow <= 0)
        throw InputError(origin, place, "kernel " + std::to_string(l.kernelH) + "x" + std::to_string(l.kernelW) +
                                            " larger than the padded input " + in.text());
    if (oh > kMaxDimension || ow > kMaxDimension)
        throw InputError(origin, place, "output " + std::to_string(oh) + "x" + std::to_string(ow) +
                                            " larger than 10^9 in a dimension (padding too large)");
    return {int(oh), int(ow)};
}

}  // namespace

Network::Network(std::string name, Shape input, std::vector<Layer> layers, const std::string& origin,
                 const std::string& placePrefix)
    : name_(std::move(name)), input_(input), layers_(std::move(layers)) {
    infer(origin, placePrefix);
}

int Network::indexOf(const std::string& layerName) const {
    for (int i = 0; i < size(); ++i)
        if (layers_[size_t(i)].name == layerName) return i;
    return -1;
}

std::int64_t Network::totalParams() const {
    std::int64_t sum = 0;
    for (const Layer& l : layers_) sum += l.params;
    return sum;
}

std::int64_t Network::totalForwardMacs() const {
    std::int64_t sum = 0;
    for (const Layer& l : layers_) sum += l.forwardMacs;
    return sum;
}

std::int64_t Network::totalBackwardMacs() const {
    std::int64_t sum = 0;
    for (const Layer& l : layers_) sum += l.backwardMacs();
    return sum;
}

void Network::infer(const std::string& origin, const std::string& placePrefix) {
    if (input_.c <= 0 || input_.h <= 0 || input_.w <= 0)
        throw InputError(origin, "input", "input shape " + input_.text() + " must be positive in every dimension");
    if (layers_.empty()) throw InputError(origin, placePrefix, "a network needs at least one layer");
    if (layers_.size() > size_t(kMaxNetworkLayers))
        throw InputError(origin, placePrefix, std::to_string(layers_.size()) + " layers, more than the limit of " +
                                                  std::to_string(kMaxNetworkLayers));

    // Names seen so far (hash lookups: a long network must not cost quadratic time) and every name in the file
    // (to tell a reference to a later layer from a reference to no layer).
    std::unordered_map<std::string, size_t> seen;
    std::unordered_set<std::string> allNames;
    for (const Layer& l : layers_) allNames.insert(l.name);
    // Earlier layer by name: `from` and `addFrom` may only look back, which keeps the list a valid
    // execution order and lets the pipeline cut it into contiguous blocks.
    auto earlier = [&](const std::string& ref, const std::string& key, const std::string& place) -> const Layer& {
        if (auto it = seen.find(ref); it != seen.end()) return layers_[it->second];
        if (allNames.count(ref)) throw InputError(origin, place, key + " \"" + ref + "\" is not an earlier layer");
        throw InputError(origin, place, key + " \"" + ref + "\" names no layer");
    };
    std::int64_t totalParams = 0, totalForward = 0, totalBackward = 0;

    for (size_t i = 0; i < layers_.size(); ++i) {
        Layer& l = layers_[i];
        const std::string place = placePrefix + "[" + std::to_string(i) + "] (" + l.name + ")";
        if (l.name.empty()) throw InputError(origin, placePrefix + "[" + std::to_string(i) + "]", "layer has no name");
        if (seen.count(l.name)) throw InputError(origin, place, "duplicate layer name \"" + l.name + "\"");

        if (l.explicitInput) {
            l.input = *l.explicitInput;
            if (l.input.c <= 0 || l.input.h <= 0 || l.input.w <= 0)
                throw InputError(origin, place, "input shape " + l.input.text() + " must be positive");
        } else if (!l.from.empty()) {
            l.input = earlier(l.from, "from", place).output;
        } else {
            l.input = i == 0 ? input_ : layers_[i - 1].output;
        }
        checkElements(l.input, "input shape", origin, place);
        const Shape in = l.input;
        l.params = l.forwardMacs = l.backwardInputMacs = l.backwardWeightMacs = 0;

        switch (l.type) {
        case LayerType::Conv: {
            checkWindow(l, origin, place);
            if (l.outChannels <= 0) throw InputError(origin, place, "output channels must be positive");
            if (l.groups <= 0) throw InputError(origin, place, "groups must be positive");
            if (in.c % l.groups != 0)
                throw InputError(origin, place, "input channels " + std::to_string(in.c) + " not divisible by groups " +
                                                    std::to_string(l.groups));
            if (l.outChannels % l.groups != 0)
                throw InputError(origin, place, "output channels " + std::to_string(l.outChannels) +
                                                    " not divisible by groups " + std::to_string(l.groups));
            const auto [oh, ow] = windowOutputs(l, in, false, origin, place);
            l.output = {l.outChannels, oh, ow};
            const std::int64_t perOutput = mul({in.c / l.groups, l.kernelH, l.kernelW}, origin, place);
            l.params = add(mul({l.outChannels, perOutput}, origin, place), l.bias ? l.outChannels : 0, "the parameter count",
                           origin, place);
            l.forwardMacs = mul({oh, ow, l.outChannels, perOutput}, origin, place);
            l.backwardInputMacs = l.backwardWeightMacs = l.forwardMacs;
            break;
        }
        case LayerType::FullyConnected: {
            if (l.outChannels <= 0) throw InputError(origin, place, "outputs must be positive");
            const std::int64_t inputs = in.elements();
            l.output = {l.outChannels, 1, 1};
            l.params = add(mul({inputs, l.outChannels}, origin, place), l.bias ? l.outChannels : 0, "the parameter count",
                           origin, place);
            l.forwardMacs = mul({inputs, l.outChannels}, origin, place);
            l.backwardInputMacs = l.backwardWeightMacs = l.forwardMacs;
            break;
        }
        case LayerType::MaxPool:
        case LayerType::AvgPool: {
            checkWindow(l, origin, place);
            if (l.pad.top >= l.kernelH || l.pad.bottom >= l.kernelH || l.pad.left >= l.kernelW || l.pad.right >= l.kernelW)
                throw InputError(origin, place, "pooling padding must be smaller than the kernel");
            const auto [oh, ow] = windowOutputs(l, in, true, origin, place);
            l.output = {in.c, oh, ow};
            break;
        }
        case LayerType::GlobalAvgPool:
            l.output = {in.c, 1, 1};
            break;
        case LayerType::BatchNorm:
            l.output = in;
            l.params = 2 * std::int64_t(in.c);  // scale and shift; running statistics are not trained
            break;
        case LayerType::Add: {
            if (l.addFrom.empty()) throw InputError(origin, place, "add needs the layer to add (\"add\")");
            const Layer& other = earlier(l.addFrom, "add", place);
            if (!(other.output == in))
                throw InputError(origin, place, "cannot add " + other.output.text() + " from \"" + other.name +
                                                    "\" to input " + in.text() + ": shapes differ");
            l.output = in;
            break;
        }
        case LayerType::LRN:
            if (l.lrnSize <= 0) throw InputError(origin, place, "LRN size must be positive");
            l.output = in;
            break;
        case LayerType::ReLU:
        case LayerType::Dropout:
        case LayerType::SoftmaxLoss:
            l.output = in;
            break;
        }
        checkElements(l.output, "output", origin, place);
        // Every sum the accessors (backwardMacs, totalParams, ...) compute later is checked here once, in the
        // same order, so none of them can overflow afterwards.
        const std::int64_t backward = add(l.backwardInputMacs, l.backwardWeightMacs, "the backward MAC count", origin, place);
        totalParams = add(totalParams, l.params, "the network's total parameter count", origin, place);
        totalForward = add(totalForward, l.forwardMacs, "the network's total forward MAC count", origin, place);
        totalBackward = add(totalBackward, backward, "the network's total backward MAC count", origin, place);
        seen.emplace(l.name, i);
    }
    // Checked last: when every layer has an explicit input (SCALE-Sim), the error above names the row instead.
    checkElements(input_, "input shape", origin, "input");
}

}  // namespace dfl
