#include "core/network/network.h"

#include "core/sim/input_error.h"

#include <limits>
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

// One spatial dimension of a sliding window (convolution or pooling).
// Pooling in ceil mode follows Caffe and torchvision: a last window that would start inside the
// trailing padding (or beyond) is dropped. SCALE-Sim convolutions round up without that rule,
// because SCALE-Sim counts the partial last window.
int windowOutput(int in, int padBefore, int padAfter, int kernel, int stride, bool ceilMode, bool dropPaddingWindow) {
    const std::int64_t span = std::int64_t(in) + padBefore + padAfter - kernel;
    if (span < 0) return 0;
    std::int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceilMode && dropPaddingWindow && (out - 1) * stride >= std::int64_t(in) + padBefore) --out;
    return int(out);
}

void checkWindow(const Layer& l, const std::string& origin, const std::string& place) {
    if (l.kernelH <= 0 || l.kernelW <= 0) throw InputError(origin, place, "kernel must be positive");
    if (l.strideH <= 0 || l.strideW <= 0) throw InputError(origin, place, "stride must be positive");
    if (l.pad.top < 0 || l.pad.bottom < 0 || l.pad.left < 0 || l.pad.right < 0)
        throw InputError(origin, place, "padding must not be negative");
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

    // Earlier layer by name: `from` and `addFrom` may only look back, which keeps the list a valid
    // execution order and lets the pipeline cut it into contiguous blocks.
    auto earlier = [&](size_t i, const std::string& ref, const std::string& key, const std::string& place) -> const Layer& {
        for (size_t j = 0; j < i; ++j)
            if (layers_[j].name == ref) return layers_[j];
        for (size_t j = i; j < layers_.size(); ++j)
            if (layers_[j].name == ref)
                throw InputError(origin, place, key + " \"" + ref + "\" is not an earlier layer");
        throw InputError(origin, place, key + " \"" + ref + "\" names no layer");
    };

    for (size_t i = 0; i < layers_.size(); ++i) {
        Layer& l = layers_[i];
        const std::string place = placePrefix + "[" + std::to_string(i) + "] (" + l.name + ")";
        if (l.name.empty()) throw InputError(origin, placePrefix + "[" + std::to_string(i) + "]", "layer has no name");
        for (size_t j = 0; j < i; ++j)
            if (layers_[j].name == l.name) throw InputError(origin, place, "duplicate layer name \"" + l.name + "\"");

        if (l.explicitInput) {
            l.input = *l.explicitInput;
            if (l.input.c <= 0 || l.input.h <= 0 || l.input.w <= 0)
                throw InputError(origin, place, "input shape " + l.input.text() + " must be positive");
        } else if (!l.from.empty()) {
            l.input = earlier(i, l.from, "from", place).output;
        } else {
            l.input = i == 0 ? input_ : layers_[i - 1].output;
        }
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
            const int oh = windowOutput(in.h, l.pad.top, l.pad.bottom, l.kernelH, l.strideH, l.ceilMode, false);
            const int ow = windowOutput(in.w, l.pad.left, l.pad.right, l.kernelW, l.strideW, l.ceilMode, false);
            if (oh <= 0 || ow <= 0)
                throw InputError(origin, place, "kernel " + std::to_string(l.kernelH) + "x" + std::to_string(l.kernelW) +
                                                    " larger than the padded input " + in.text());
            l.output = {l.outChannels, oh, ow};
            const std::int64_t perOutput = mul({in.c / l.groups, l.kernelH, l.kernelW}, origin, place);
            l.params = mul({l.outChannels, perOutput}, origin, place) + (l.bias ? l.outChannels : 0);
            l.forwardMacs = mul({oh, ow, l.outChannels, perOutput}, origin, place);
            l.backwardInputMacs = l.backwardWeightMacs = l.forwardMacs;
            break;
        }
        case LayerType::FullyConnected: {
            if (l.outChannels <= 0) throw InputError(origin, place, "outputs must be positive");
            const std::int64_t inputs = in.elements();
            l.output = {l.outChannels, 1, 1};
            l.params = mul({inputs, l.outChannels}, origin, place) + (l.bias ? l.outChannels : 0);
            l.forwardMacs = mul({inputs, l.outChannels}, origin, place);
            l.backwardInputMacs = l.backwardWeightMacs = l.forwardMacs;
            break;
        }
        case LayerType::MaxPool:
        case LayerType::AvgPool: {
            checkWindow(l, origin, place);
            if (l.pad.top >= l.kernelH || l.pad.bottom >= l.kernelH || l.pad.left >= l.kernelW || l.pad.right >= l.kernelW)
                throw InputError(origin, place, "pooling padding must be smaller than the kernel");
            const int oh = windowOutput(in.h, l.pad.top, l.pad.bottom, l.kernelH, l.strideH, l.ceilMode, true);
            const int ow = windowOutput(in.w, l.pad.left, l.pad.right, l.kernelW, l.strideW, l.ceilMode, true);
            if (oh <= 0 || ow <= 0)
                throw InputError(origin, place, "kernel " + std::to_string(l.kernelH) + "x" + std::to_string(l.kernelW) +
                                                    " larger than the padded input " + in.text());
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
            const Layer& other = earlier(i, l.addFrom, "add", place);
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
    }
}

}  // namespace dfl
