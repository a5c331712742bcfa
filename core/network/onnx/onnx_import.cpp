// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/onnx/onnx_import.h"

#include "core/sim/input_error.h"

#include <onnx/onnx_pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace dfl {

namespace {

using Dims = std::vector<std::int64_t>;

std::int64_t elementCount(const Dims& dims) {
    std::int64_t n = 1;
    for (std::int64_t d : dims)
        if (d < 0 || __builtin_mul_overflow(n, d, &n)) return -1;
    return n;
}

std::string dimsText(const Dims& dims) {
    std::string text = "[";
    for (size_t i = 0; i < dims.size(); ++i) text += (i ? ", " : "") + std::to_string(dims[i]);
    return text + "]";
}

// Where a tensor comes from: the graph input, a layer's output, or a concatenation (no layer of its own: the
// consumer reads its shape explicitly, as the built-in inception-v3 does).
struct Source {
    enum class Kind { GraphInput, Layer, Concat } kind = Kind::GraphInput;
    std::string layer;
    Shape concatShape;
    bool flattened = false;  // after Flatten/Reshape: only fully connected layers and elementwise ones may read it
};

// What the import remembers of the node behind each layer, for errors and checks after shape inference.
struct NodeRecord {
    int index = 0;
    std::string name, opType, output;
    std::int64_t initializerParams = -1;  // parameters its initializers hold (-1: the layer has none to check)
    std::string weightDims;
};

constexpr const char* kSupported =
    "Conv, Gemm, MatMul, MaxPool, AveragePool, GlobalAveragePool, Relu, Clip, Sigmoid, Tanh, BatchNormalization, Add, "
    "Concat, Flatten, Reshape, Identity, LRN, Dropout, Softmax";

class Importer {
public:
    Importer(const onnx::GraphProto& graph, std::string origin) : graph_(graph), origin_(std::move(origin)) {}

    Network run(const std::string& fallbackName) {
        if (graph_.node_size() == 0) throw InputError(origin_, "graph", "has no nodes (is this an ONNX model?)");
        if (graph_.node_size() > maxOnnxNodes)
            throw InputError(origin_, "graph", std::to_string(graph_.node_size()) + " nodes: more than the " +
                                                   std::to_string(maxOnnxNodes) + " this importer reads");
        for (const onnx::TensorProto& t : graph_.initializer()) initializers_[t.name()] = &t;
        readInput();
        readDeclaredShapes();
        for (int i = 0; i < graph_.node_size(); ++i) importNode(i, graph_.node(i));
        if (layers_.empty()) throw InputError(origin_, "graph", "no node becomes a layer (only reshapes and concatenations)");
        const std::string name = graph_.name().empty() ? fallbackName : graph_.name();
        Network network = inferShapes(name.empty() ? "network" : name);
        checkAgainstGraph(network);
        return network;
    }

private:
    // ---- errors ----
    [[noreturn]] void fail(const NodeRecord& node, const std::string& reason) const {
        throw InputError(origin_, placeOf(node), reason);
    }
    static std::string placeOf(const NodeRecord& node) {
        return "node " + std::to_string(node.index) + " '" + node.name + "' (" + node.opType + ")";
    }

    // ---- graph input and declared shapes ----
    static std::optional<Dims> knownDims(const onnx::ValueInfoProto& v) {
        if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return std::nullopt;
        Dims dims;
        for (const auto& d : v.type().tensor_type().shape().dim())
            dims.push_back(d.has_dim_value() ? d.dim_value() : -1);  // -1: symbolic (the batch) or unknown
        return dims;
    }

    // One sample's shape from [N, C, H, W] or [N, F]; nullopt when a dimension after the batch is unknown.
    static std::optional<Shape> sampleShape(const Dims& dims) {
        auto fits = [](std::int64_t d) { return d > 0 && d <= 1000000000; };
        if (dims.size() == 4 && fits(dims[1]) && fits(dims[2]) && fits(dims[3]))
            return Shape{int(dims[1]), int(dims[2]), int(dims[3])};
        if (dims.size() == 2 && fits(dims[1])) return Shape{int(dims[1]), 1, 1};
        return std::nullopt;
    }

    void readInput() {
        const onnx::ValueInfoProto* input = nullptr;
        int count = 0;
        for (const onnx::ValueInfoProto& v : graph_.input()) {
            if (initializers_.count(v.name())) continue;  // older exporters list the weights as inputs too
            input = &v;
            ++count;
        }
        if (count != 1)
            throw InputError(origin_, "graph.input", std::to_string(count) +
                                                         " inputs besides the initializers: expected exactly one (the data)");
        const std::optional<Dims> dims = knownDims(*input);
        const std::optional<Shape> shape = dims ? sampleShape(*dims) : std::nullopt;
        if (!shape)
            throw InputError(origin_, "graph.input '" + input->name() + "'",
                             "shape " + (dims ? dimsText(*dims) : std::string("unknown")) +
                                 ": expected [N, C, H, W] or [N, features] with every dimension after N known");
        inputShape_ = *shape;
        tensors_[input->name()] = Source{};
    }

    void readDeclaredShapes() {
        auto take = [&](const onnx::ValueInfoProto& v) {
            if (const auto dims = knownDims(v)) declared_[v.name()] = *dims;
        };
        for (const auto& v : graph_.value_info()) take(v);
        for (const auto& v : graph_.output()) take(v);
    }

    // ---- attributes and initializers ----
    const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name) const {
        for (const auto& a : node.attribute())
            if (a.name() == name) return &a;
        return nullptr;
    }
    std::int64_t intAttribute(const onnx::NodeProto& node, const std::string& name, std::int64_t fallback) const {
        const auto* a = attribute(node, name);
        return a ? a->i() : fallback;
    }
    std::vector<std::int64_t> intsAttribute(const onnx::NodeProto& node, const std::string& name) const {
        const auto* a = attribute(node, name);
        return a ? std::vector<std::int64_t>(a->ints().begin(), a->ints().end()) : std::vector<std::int64_t>{};
    }
    std::string stringAttribute(const onnx::NodeProto& node, const std::string& name) const {
        const auto* a = attribute(node, name);
        return a ? a->s() : std::string();
    }

    const onnx::TensorProto& initializer(const NodeRecord& rec, const onnx::NodeProto& node, int input,
                                         const std::string& role) const {
        if (node.input_size() <= input || node.input(input).empty())
            fail(rec, "missing its " + role + " (input " + std::to_string(input) + ")");
        const auto it = initializers_.find(node.input(input));
        if (it == initializers_.end())
            fail(rec, "its " + role + " '" + node.input(input) +
                          "' is not an initializer: weights computed while the graph runs are not supported");
        return *it->second;
    }
    static Dims dimsOf(const onnx::TensorProto& t) { return Dims(t.dims().begin(), t.dims().end()); }

    // ---- tensors and layers ----
    const Source& source(const NodeRecord& rec, const std::string& tensor) const {
        const auto it = tensors_.find(tensor);
        if (it == tensors_.end())
            fail(rec, "reads tensor '" + tensor + "', which no earlier node produces (nodes must be in topological order)");
        return it->second;
    }

    // The shape of a tensor so far: inference over the layers made until now.
    Shape shapeOf(const NodeRecord& rec, const Source& s) {
        if (s.kind == Source::Kind::GraphInput) return inputShape_;
        if (s.kind == Source::Kind::Concat) return s.concatShape;
        const Network prefix = inferShapes("prefix");
        const int i = prefix.indexOf(s.layer);
        if (i < 0) fail(rec, "internal: layer '" + s.layer + "' not found");
        return prefix.layer(i).output;
    }

    Layer startLayer(const NodeRecord& rec, const onnx::NodeProto& node, LayerType type) {
        if (node.input_size() < 1) fail(rec, "has no input");
        const Source& in = source(rec, node.input(0));
        const bool spatial = type == LayerType::Conv || type == LayerType::MaxPool || type == LayerType::AvgPool ||
                             type == LayerType::GlobalAvgPool || type == LayerType::LRN || type == LayerType::BatchNorm;
        if (in.flattened && spatial) fail(rec, "reads a flattened tensor: a " + layerTypeName(type) + " needs C x H x W");
        Layer l;
        l.type = type;
        l.name = uniqueName(rec.name);
        if (in.kind == Source::Kind::Layer) l.from = in.layer;
        else if (in.kind == Source::Kind::Concat) l.explicitInput = in.concatShape;
        else if (!layers_.empty()) l.explicitInput = inputShape_;  // the first layer reads the network input anyway
        return l;
    }

    std::string uniqueName(const std::string& wanted) {
        std::string name = wanted;
        for (int suffix = 2; !names_.insert(name).second; ++suffix) name = wanted + "_" + std::to_string(suffix);
        return name;
    }

    void addLayer(Layer l, NodeRecord rec, const std::string& output) {
        tensors_[output] = Source{Source::Kind::Layer, l.name, {}, false};
        rec.output = output;
        records_.push_back(std::move(rec));
        layers_.push_back(std::move(l));
    }

    void alias(const NodeRecord& rec, const onnx::NodeProto& node, bool flatten) {
        Source s = source(rec, node.input(0));
        s.flattened = s.flattened || flatten;
        tensors_[node.output(0)] = s;
    }

    // ---- window geometry (Conv and pooling) ----
    void readWindow(const NodeRecord& rec, const onnx::NodeProto& node, Layer& l, const Dims& kernel) {
        if (kernel.size() != 2) fail(rec, "kernel " + dimsText(kernel) + ": only 2-D windows are supported");
        const Dims strides = intsAttribute(node, "strides"), dilations = intsAttribute(node, "dilations");
        Dims pads = intsAttribute(node, "pads");
        for (std::int64_t d : dilations)
            if (d != 1) fail(rec, "dilations " + dimsText(dilations) + " are not supported (only 1)");
        if (!strides.empty() && strides.size() != 2) fail(rec, "strides " + dimsText(strides) + ": expected two");
        if (!pads.empty() && pads.size() != 4) fail(rec, "pads " + dimsText(pads) + ": expected four");
        auto small = [](std::int64_t v, std::int64_t lo) { return v >= lo && v <= 1000000; };
        for (std::int64_t k : kernel)
            if (!small(k, 1)) fail(rec, "kernel " + dimsText(kernel) + " out of range");
        for (std::int64_t s : strides)
            if (!small(s, 1)) fail(rec, "strides " + dimsText(strides) + " out of range");
        for (std::int64_t p : pads)
            if (!small(p, 0)) fail(rec, "pads " + dimsText(pads) + " out of range");
        l.kernelH = int(kernel[0]);
        l.kernelW = int(kernel[1]);
        l.strideH = strides.empty() ? 1 : int(strides[0]);
        l.strideW = strides.empty() ? 1 : int(strides[1]);
        const std::string autoPad = stringAttribute(node, "auto_pad");
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            // Output ceil(in / stride); the padding that gives it, the odd one at the end (UPPER) or start (LOWER).
            const Shape in = shapeOf(rec, source(rec, node.input(0)));
            auto split = [&](int size, int k, int s, int& before, int& after) {
                const int total = std::max(0, ((size + s - 1) / s - 1) * s + k - size);
                before = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                after = total - before;
            };
            split(in.h, l.kernelH, l.strideH, l.pad.top, l.pad.bottom);
            split(in.w, l.kernelW, l.strideW, l.pad.left, l.pad.right);
        } else if (autoPad.empty() || autoPad == "NOTSET" || autoPad == "VALID") {
            if (!pads.empty() && autoPad != "VALID")  // ONNX order: begin of each axis, then end of each
                l.pad = {int(pads[0]), int(pads[2]), int(pads[1]), int(pads[3])};
        } else {
            fail(rec, "auto_pad '" + autoPad + "' is not supported");
        }
    }

    // ---- the operators ----
    void importNode(int index, const onnx::NodeProto& node) {
        NodeRecord rec;
        rec.index = index;
        rec.opType = node.op_type();
        rec.name = !node.name().empty() ? node.name() : node.output_size() ? node.output(0) : rec.opType + std::to_string(index);
        if (!node.domain().empty() && node.domain() != "ai.onnx")
            fail(rec, "operator domain '" + node.domain() + "' is not supported (only the default ONNX domain)");
        if (node.output_size() < 1) fail(rec, "has no output");
        const std::string& op = rec.opType;
        const std::string& out = node.output(0);

        if (op == "Conv") {
            const Dims w = dimsOf(initializer(rec, node, 1, "weight"));
            if (w.size() != 4 || elementCount(w) <= 0) fail(rec, "weight dims " + dimsText(w) + ": expected [M, C/group, kH, kW]");
            Layer l = startLayer(rec, node, LayerType::Conv);
            const Dims kernelShape = intsAttribute(node, "kernel_shape");
            if (!kernelShape.empty() && kernelShape != Dims{w[2], w[3]})
                fail(rec, "kernel_shape " + dimsText(kernelShape) + " disagrees with the weight dims " + dimsText(w));
            readWindow(rec, node, l, {w[2], w[3]});
            const std::int64_t group = intAttribute(node, "group", 1);
            if (group < 1 || group > 1000000 || w[0] > 1000000000) fail(rec, "group " + std::to_string(group) + " out of range");
            l.groups = int(group);
            l.outChannels = int(w[0]);
            l.bias = node.input_size() >= 3 && !node.input(2).empty();
            rec.initializerParams = elementCount(w) + (l.bias ? elementCount(dimsOf(initializer(rec, node, 2, "bias"))) : 0);
            rec.weightDims = dimsText(w);
            addLayer(std::move(l), rec, out);
        } else if (op == "Gemm" || op == "MatMul") {
            if (op == "Gemm" && intAttribute(node, "transA", 0) != 0) fail(rec, "transA = 1 is not supported");
            const Dims w = dimsOf(initializer(rec, node, 1, "weight matrix B"));
            if (w.size() != 2 || elementCount(w) <= 0) fail(rec, "weight dims " + dimsText(w) + ": expected a matrix");
            const bool transB = op == "Gemm" && intAttribute(node, "transB", 0) != 0;
            const std::int64_t outputs = transB ? w[0] : w[1];
            if (outputs > 1000000000) fail(rec, "weight dims " + dimsText(w) + " out of range");
            Layer l = startLayer(rec, node, LayerType::FullyConnected);
            l.outChannels = int(outputs);
            l.bias = op == "Gemm" && node.input_size() >= 3 && !node.input(2).empty();
            rec.initializerParams = elementCount(w) + (l.bias ? elementCount(dimsOf(initializer(rec, node, 2, "bias C"))) : 0);
            rec.weightDims = dimsText(w);
            addLayer(std::move(l), rec, out);
        } else if (op == "MaxPool" || op == "AveragePool") {
            Layer l = startLayer(rec, node, op == "MaxPool" ? LayerType::MaxPool : LayerType::AvgPool);
            const Dims kernel = intsAttribute(node, "kernel_shape");
            if (kernel.empty()) fail(rec, "missing kernel_shape");
            readWindow(rec, node, l, kernel);
            l.ceilMode = intAttribute(node, "ceil_mode", 0) != 0;
            addLayer(std::move(l), rec, out);
        } else if (op == "GlobalAveragePool") {
            addLayer(startLayer(rec, node, LayerType::GlobalAvgPool), rec, out);
        } else if (op == "Relu" || op == "Clip" || op == "Sigmoid" || op == "Tanh") {
            addLayer(startLayer(rec, node, LayerType::ReLU), rec, out);
        } else if (op == "BatchNormalization") {
            Layer l = startLayer(rec, node, LayerType::BatchNorm);
            rec.initializerParams = elementCount(dimsOf(initializer(rec, node, 1, "scale"))) +
                                    elementCount(dimsOf(initializer(rec, node, 2, "bias B")));
            addLayer(std::move(l), rec, out);
        } else if (op == "LRN") {
            Layer l = startLayer(rec, node, LayerType::LRN);
            const std::int64_t size = intAttribute(node, "size", 0);
            if (size < 1 || size > 1000000) fail(rec, "size " + std::to_string(size) + ": expected a positive integer");
            l.lrnSize = int(size);
            addLayer(std::move(l), rec, out);
        } else if (op == "Dropout") {
            addLayer(startLayer(rec, node, LayerType::Dropout), rec, out);
        } else if (op == "Softmax") {
            addLayer(startLayer(rec, node, LayerType::SoftmaxLoss), rec, out);
        } else if (op == "Add") {
            importAdd(rec, node);
        } else if (op == "Concat") {
            importConcat(rec, node);
        } else if (op == "Flatten") {
            if (intAttribute(node, "axis", 1) != 1) fail(rec, "axis " + std::to_string(intAttribute(node, "axis", 1)) + ": only 1 (keep the batch) is supported");
            alias(rec, node, true);
        } else if (op == "Reshape") {
            importReshape(rec, node);
        } else if (op == "Identity") {
            alias(rec, node, false);
        } else {
            fail(rec, "unsupported operator '" + op + "' (supported: " + kSupported + ")");
        }
    }

    // Add: a residual (two activations) or the bias of the MatMul before it (an initializer).
    void importAdd(NodeRecord& rec, const onnx::NodeProto& node) {
        if (node.input_size() != 2) fail(rec, "expected two inputs");
        const bool constA = initializers_.count(node.input(0)), constB = initializers_.count(node.input(1));
        if (constA && constB) fail(rec, "adds two initializers: constant folding is not supported");
        if (constA || constB) {
            const Source& in = source(rec, node.input(constA ? 1 : 0));
            const Dims bias = dimsOf(*initializers_.at(node.input(constA ? 0 : 1)));
            NodeRecord* matmul = nullptr;
            for (NodeRecord& r : records_)
                if (in.kind == Source::Kind::Layer && r.opType == "MatMul" && layers_[size_t(&r - records_.data())].name == in.layer) matmul = &r;
            Layer* fc = matmul ? &layers_[size_t(matmul - records_.data())] : nullptr;
            if (!fc || fc->bias || elementCount(bias) != fc->outChannels)
                fail(rec, "adds a constant " + dimsText(bias) + " that is not the bias of the MatMul before it");
            fc->bias = true;
            matmul->initializerParams += elementCount(bias);
            tensors_[node.output(0)] = in;
            return;
        }
        const Source& other = source(rec, node.input(1));
        if (other.kind != Source::Kind::Layer)
            fail(rec, "its second operand '" + node.input(1) + "' must be a layer's output (not the graph input or a concatenation)");
        Layer l = startLayer(rec, node, LayerType::Add);
        l.addFrom = other.layer;
        addLayer(std::move(l), rec, node.output(0));
    }

    void importConcat(const NodeRecord& rec, const onnx::NodeProto& node) {
        const std::int64_t axis = intAttribute(node, "axis", 1);
        if (axis != 1 && axis != -3) fail(rec, "axis " + std::to_string(axis) + ": only channels (1) are supported");
        Shape total;
        for (int i = 0; i < node.input_size(); ++i) {
            const Source& s = source(rec, node.input(i));
            if (s.flattened) fail(rec, "concatenates a flattened tensor '" + node.input(i) + "'");
            const Shape part = shapeOf(rec, s);
            if (i > 0 && (part.h != total.h || part.w != total.w))
                fail(rec, "input '" + node.input(i) + "' is " + part.text() + ": its plane differs from " +
                              std::to_string(total.h) + "x" + std::to_string(total.w));
            total = {total.c + part.c, part.h, part.w};
        }
        if (node.input_size() == 0) fail(rec, "has no input");
        tensors_[node.output(0)] = Source{Source::Kind::Concat, {}, total, false};
    }

    // Reshape is accepted where it flattens: to [N, -1], [N, C·H·W] or [-1, C·H·W] (0 keeps the batch).
    void importReshape(const NodeRecord& rec, const onnx::NodeProto& node) {
        const onnx::TensorProto& target = initializer(rec, node, 1, "target shape");
        Dims values(target.int64_data().begin(), target.int64_data().end());
        if (values.empty() && target.raw_data().size() == 16) {
            values.resize(2);
            std::copy_n(target.raw_data().data(), 16, reinterpret_cast<char*>(values.data()));
        }
        const Shape in = shapeOf(rec, source(rec, node.input(0)));
        const bool batchKept = values.size() == 2 && (values[0] == 0 || values[0] == -1 || values[0] == 1);
        if (!batchKept || (values[1] != -1 && values[1] != in.elements()) || (values[0] == -1 && values[1] == -1))
            fail(rec, "reshape of " + in.text() + " to " + dimsText(values) + ": only flattening to [N, -1] is supported");
        alias(rec, node, true);
    }

    // ---- after the last node ----
    Network inferShapes(const std::string& name) const {
        try {
            return Network(name, inputShape_, layers_, origin_, "layers");
        } catch (const InputError& e) {
            // "layers[i] (name)": say which node that layer came from.
            const std::string& place = e.place();
            if (place.rfind("layers[", 0) == 0) {
                const size_t i = std::stoul(place.substr(7));
                if (i < records_.size()) throw InputError(origin_, placeOf(records_[i]), e.reason());
            }
            throw;
        }
    }

    void checkAgainstGraph(const Network& network) const {
        for (size_t i = 0; i < records_.size(); ++i) {
            const NodeRecord& rec = records_[i];
            const Layer& l = network.layer(int(i));
            if (rec.initializerParams >= 0 && rec.initializerParams != l.params)
                fail(rec, "its initializers hold " + std::to_string(rec.initializerParams) +
                              " parameters (weight " + (rec.weightDims.empty() ? std::string("dims as given") : rec.weightDims) +
                              ") but a " + layerTypeName(l.type) + " from input " + l.input.text() + " has " +
                              std::to_string(l.params));
            const auto declared = declared_.find(rec.output);
            if (declared == declared_.end()) continue;
            const std::optional<Shape> shape = sampleShape(declared->second);
            if (shape && !(shape->elements() == l.output.elements() && shape->c == l.output.c))
                fail(rec, "the graph declares its output " + dimsText(declared->second) + " but inference gives " +
                              l.output.text());
        }
    }

    const onnx::GraphProto& graph_;
    std::string origin_;
    std::map<std::string, const onnx::TensorProto*> initializers_;
    std::map<std::string, Dims> declared_;  // value_info and graph outputs
    std::map<std::string, Source> tensors_;
    std::set<std::string> names_;
    std::vector<Layer> layers_;
    std::vector<NodeRecord> records_;  // one per layer, same index
    Shape inputShape_;
};

}  // namespace

Network importOnnxBytes(const std::string& bytes, const std::string& origin, const std::string& networkName) {
    if (std::int64_t(bytes.size()) > maxOnnxFileBytes)
        throw InputError(origin, "", "file of " + std::to_string(bytes.size()) + " bytes: larger than the " +
                                         std::to_string(maxOnnxFileBytes) + " bytes this importer reads");
    onnx::ModelProto model;
    google::protobuf::io::ArrayInputStream raw(bytes.data(), int(bytes.size()));
    google::protobuf::io::CodedInputStream coded(&raw);
    coded.SetTotalBytesLimit(int(maxOnnxFileBytes));
    coded.SetRecursionLimit(32);  // a model nests graph → node → attribute → graph only in control flow
    if (!model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
        throw InputError(origin, "", "not an ONNX model: the protobuf message does not parse");
    if (model.ir_version() <= 0 || !model.has_graph())
        throw InputError(origin, "", "not an ONNX model: no IR version or no graph");
    return Importer(model.graph(), origin).run(networkName);
}

Network importOnnx(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) throw InputError(path, "", "cannot open: " + file.errorString().toStdString());
    if (file.size() > maxOnnxFileBytes)
        throw InputError(path, "", "file of " + std::to_string(file.size()) + " bytes: larger than the " +
                                       std::to_string(maxOnnxFileBytes) + " bytes this importer reads");
    const QByteArray bytes = file.readAll();
    return importOnnxBytes(bytes.toStdString(), path, QFileInfo(file).completeBaseName().toStdString());
}

}  // namespace dfl
