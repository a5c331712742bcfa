// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/network_io.h"

#include "core/network/onnx/onnx_import.h"
#include "core/sim/input_error.h"
#include "core/sim/input_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace dfl {

namespace {

// ---- JSON ---------------------------------------------------------------------------------------

// A whole file has an empty key prefix; a network inside a scenario has "network".
std::string joinKey(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
}

// Reads typed values out of one JSON object and remembers which keys were used, so that a misspelt
// key ("strides") is reported instead of silently ignored.
class Reader {
public:
    Reader(const QJsonObject& obj, std::string origin, std::string path)
        : obj_(obj), origin_(std::move(origin)), path_(std::move(path)) {}

    const std::string& origin() const { return origin_; }
    std::string place(const std::string& key) const { return joinKey(path_, key); }
    [[noreturn]] void fail(const std::string& key, const std::string& reason) const {
        throw InputError(origin_, key.empty() ? path_ : place(key), reason);
    }

    bool has(const std::string& key) {
        used_.insert(key);
        return obj_.contains(QString::fromStdString(key));
    }
    QJsonValue value(const std::string& key) {
        used_.insert(key);
        return obj_.value(QString::fromStdString(key));
    }

    std::string string(const std::string& key) {
        QJsonValue v = value(key);
        if (!v.isString() || v.toString().isEmpty()) fail(key, "expected a non-empty string");
        return v.toString().toStdString();
    }
    bool boolean(const std::string& key, bool fallback) {
        if (!has(key)) return fallback;
        QJsonValue v = value(key);
        if (!v.isBool()) fail(key, "expected true or false");
        return v.toBool();
    }
    int integer(const std::string& key, int minimum, int fallback) {
        if (!has(key)) return fallback;
        return toInt(value(key), key, minimum);
    }
    int requiredInteger(const std::string& key, int minimum) {
        if (!has(key)) fail(key, "missing required key");
        return toInt(value(key), key, minimum);
    }
    // n or an array of exactly one of the allowed lengths.
    std::vector<int> integers(const std::string& key, int minimum, std::initializer_list<int> lengths) {
        QJsonValue v = value(key);
        if (!v.isArray()) return {toInt(v, key, minimum)};
        QJsonArray a = v.toArray();
        if (std::find(lengths.begin(), lengths.end(), int(a.size())) == lengths.end()) {
            std::string allowed;
            for (int n : lengths) allowed += (allowed.empty() ? "" : " or ") + std::to_string(n);
            fail(key, "expected an integer or an array of " + allowed + " integers");
        }
        std::vector<int> out;
        for (int i = 0; i < a.size(); ++i) out.push_back(toInt(a[i], key + "[" + std::to_string(i) + "]", minimum));
        return out;
    }

    void rejectUnknownKeys() const {
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            const std::string key = it.key().toStdString();
            if (!used_.count(key)) fail(key, "unknown key");
        }
    }

private:
    int toInt(const QJsonValue& v, const std::string& key, int minimum) const {
        const std::string expected = minimum > 0 ? "expected a positive integer" : "expected a non-negative integer";
        if (!v.isDouble()) fail(key, expected);
        const double d = v.toDouble();
        if (d != std::floor(d) || d < minimum || d > 1e9) fail(key, expected + (d > 1e9 ? " (at most 10^9)" : ""));
        return int(d);
    }

    QJsonObject obj_;
    std::string origin_, path_;
    std::set<std::string> used_;
};

Shape readShape(Reader& r, const std::string& key) {
    QJsonValue v = r.value(key);
    if (!v.isArray() || v.toArray().size() != 3) r.fail(key, "expected [channels, height, width]");
    std::vector<int> s = r.integers(key, 1, {3});
    return {s[0], s[1], s[2]};
}

void readWindow(Reader& r, Layer& l, bool strideRequired) {
    if (!r.has("kernel")) r.fail("kernel", "missing required key");
    std::vector<int> k = r.integers("kernel", 1, {2});
    l.kernelH = k[0];
    l.kernelW = k.size() == 2 ? k[1] : k[0];
    if (r.has("stride")) {
        std::vector<int> s = r.integers("stride", 1, {2});
        l.strideH = s[0];
        l.strideW = s.size() == 2 ? s[1] : s[0];
    } else if (strideRequired) {
        r.fail("stride", "missing required key");
    }
    if (r.has("pad")) {
        std::vector<int> p = r.integers("pad", 0, {2, 4});
        if (p.size() == 1) l.pad = {p[0], p[0], p[0], p[0]};
        else if (p.size() == 2) l.pad = {p[0], p[0], p[1], p[1]};
        else l.pad = {p[0], p[1], p[2], p[3]};
    }
    l.ceilMode = r.boolean("ceil", false);
}

Layer readLayer(Reader& r) {
    Layer l;
    if (!r.has("type")) r.fail("type", "missing required key");
    const std::string typeName = r.string("type");
    std::optional<LayerType> type = layerTypeFromName(typeName);
    if (!type) {
        std::string valid;
        for (const std::string& n : layerTypeNames()) valid += (valid.empty() ? "" : ", ") + n;
        r.fail("type", "unknown layer type \"" + typeName + "\" (valid: " + valid + ")");
    }
    l.type = *type;
    if (r.has("name")) l.name = r.string("name");
    if (r.has("from")) l.from = r.string("from");
    if (r.has("input")) l.explicitInput = readShape(r, "input");

    switch (l.type) {
    case LayerType::Conv:
        l.outChannels = r.requiredInteger("out", 1);
        readWindow(r, l, false);
        l.groups = r.integer("groups", 1, 1);
        l.bias = r.boolean("bias", true);
        break;
    case LayerType::FullyConnected:
        l.outChannels = r.requiredInteger("out", 1);
        l.bias = r.boolean("bias", true);
        break;
    case LayerType::MaxPool:
    case LayerType::AvgPool:
        readWindow(r, l, true);
        break;
    case LayerType::LRN:
        l.lrnSize = r.integer("size", 1, 5);
        break;
    case LayerType::Add:
        if (!r.has("add")) r.fail("add", "missing required key (the earlier layer to add)");
        l.addFrom = r.string("add");
        break;
    case LayerType::GlobalAvgPool:
    case LayerType::ReLU:
    case LayerType::BatchNorm:
    case LayerType::Dropout:
    case LayerType::SoftmaxLoss:
        break;
    }
    r.rejectUnknownKeys();
    return l;
}

// Names unnamed layers as documented in network_io.h.
void nameLayers(std::vector<Layer>& layers, const std::string& origin, const std::string& layersPath) {
    std::set<std::string> taken;
    for (size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].name.empty()) continue;
        if (!taken.insert(layers[i].name).second)
            throw InputError(origin, layersPath + "[" + std::to_string(i) + "].name",
                             "duplicate layer name \"" + layers[i].name + "\"");
    }
    std::map<LayerType, int> ordinal;
    for (Layer& l : layers) {
        const int n = ++ordinal[l.type];
        if (!l.name.empty()) continue;
        const std::string base = layerTypeName(l.type) + std::to_string(n);
        std::string name = base;
        for (int suffix = 2; taken.count(name); ++suffix) name = base + "_" + std::to_string(suffix);
        taken.insert(name);
        l.name = name;
    }
}

std::string baseName(const std::string& path) {
    return QFileInfo(QString::fromStdString(path)).completeBaseName().toStdString();
}

QByteArray readFile(const std::string& path) {
    return readInputFile(path, "network file");
}

QJsonObject parseJsonObject(const QByteArray& bytes, const std::string& origin) {
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt reports a byte offset; a line number is what an editor can jump to.
        const int offset = std::clamp(int(error.offset), 0, int(bytes.size()));
        const int line = 1 + int(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
        throw InputError(origin, "line " + std::to_string(line), "invalid JSON: " + error.errorString().toStdString());
    }
    if (!doc.isObject()) throw InputError(origin, "", "expected a JSON object");
    return doc.object();
}

// ---- SCALE-Sim CSV ------------------------------------------------------------------------------

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::vector<std::string> splitFields(const std::string& line) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
        const size_t comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    // SCALE-Sim ends every row with a comma; the empty field after it is not a column.
    if (fields.size() > 1 && fields.back().empty()) fields.pop_back();
    return fields;
}

}  // namespace

// ---- public -------------------------------------------------------------------------------------

Network parseNetworkJson(const QJsonObject& obj, const std::string& origin, const std::string& keyPrefix) {
    Reader top(obj, origin, keyPrefix);
    std::string name = top.has("name") ? top.string("name") : baseName(origin);
    if (name.empty()) name = "network";
    if (top.has("description")) top.string("description");
    if (top.has("source")) top.string("source");
    if (!top.has("input")) top.fail("input", "missing required key ([channels, height, width])");
    const Shape input = readShape(top, "input");
    if (!top.has("layers")) top.fail("layers", "missing required key");
    QJsonValue layersValue = top.value("layers");
    if (!layersValue.isArray() || layersValue.toArray().isEmpty()) top.fail("layers", "expected a non-empty array of layers");
    top.rejectUnknownKeys();

    const std::string layersPath = joinKey(keyPrefix, "layers");
    const QJsonArray array = layersValue.toArray();
    std::vector<Layer> layers;
    for (int i = 0; i < array.size(); ++i) {
        const std::string path = layersPath + "[" + std::to_string(i) + "]";
        if (!array[i].isObject()) throw InputError(origin, path, "expected a layer object");
        Reader r(array[i].toObject(), origin, path);
        layers.push_back(readLayer(r));
    }
    nameLayers(layers, origin, layersPath);
    return Network(name, input, std::move(layers), origin, layersPath);
}

std::vector<std::string> builtinNetworkNames() {
    std::vector<std::string> names;
    const QStringList files = QDir(":/networks").entryList({"*.json"}, QDir::Files, QDir::Name);
    for (const QString& f : files) names.push_back(QFileInfo(f).completeBaseName().toStdString());
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

Network loadBuiltinNetwork(const std::string& name) {
    const std::string resource = ":/networks/" + name + ".json";
    QFile file(QString::fromStdString(resource));
    if (name.empty() || name.find('/') != std::string::npos || !file.open(QIODevice::ReadOnly)) {
        std::string valid;
        for (const std::string& n : builtinNetworkNames()) valid += (valid.empty() ? "" : ", ") + n;
        throw InputError("", "network", "unknown built-in network \"" + name + "\" (valid: " + valid + ")");
    }
    return parseNetworkJson(parseJsonObject(file.readAll(), resource), resource, "");
}

Network importScaleSimCsvText(const std::string& text, const std::string& origin, const std::string& networkName) {
    std::vector<Layer> layers;
    std::set<std::string> names;
    size_t pos = 0;
    int lineNo = 0;
    bool sawHeader = false;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (trim(line).empty()) continue;
        if (!sawHeader) {  // SCALE-Sim always starts with a header row of column titles
            sawHeader = true;
            continue;
        }
        const std::string at = "line " + std::to_string(lineNo);
        auto fail = [&](int column, const std::string& reason) -> void {
            throw InputError(origin, at + ", column " + std::to_string(column), reason);
        };
        const std::vector<std::string> f = splitFields(line);
        if (f.size() < 8) throw InputError(origin, at, "expected 8 or 9 columns (name, IFMAP height, IFMAP width, filter height, filter width, channels, filters, stride[, stride width]), found " + std::to_string(f.size()));
        if (f.size() > 9) fail(10, "too many columns: expected 8 or 9, found " + std::to_string(f.size()));
        if (f[0].empty()) fail(1, "empty layer name");
        if (!names.insert(f[0]).second) fail(1, "duplicate layer name \"" + f[0] + "\"");
        int v[9] = {};
        for (size_t c = 1; c < f.size(); ++c) {
            const std::string& s = f[c];
            long long value = 0;
            bool ok = !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
            if (ok) value = std::stoll(s);
            if (!ok || value <= 0) fail(int(c) + 1, "expected a positive integer, found \"" + s + "\"");
            v[c] = int(value);
        }
        Layer l;
        l.name = f[0];
        l.type = LayerType::Conv;
        l.explicitInput = Shape{v[5], v[1], v[2]};
        l.kernelH = v[3];
        l.kernelW = v[4];
        l.outChannels = v[6];
        l.strideH = v[7];
        l.strideW = f.size() == 9 ? v[8] : v[7];
        l.bias = false;     // SCALE-Sim models the multiply-accumulates only
        l.ceilMode = true;  // SCALE-Sim: ceil((H - R + S) / S)
        if (l.kernelH > v[1]) fail(4, "filter height " + std::to_string(l.kernelH) + " larger than IFMAP height " + std::to_string(v[1]));
        if (l.kernelW > v[2]) fail(5, "filter width " + std::to_string(l.kernelW) + " larger than IFMAP width " + std::to_string(v[2]));
        layers.push_back(std::move(l));
    }
    if (!sawHeader) throw InputError(origin, "line 1", "empty file: expected a SCALE-Sim header line");
    if (layers.empty()) throw InputError(origin, "line " + std::to_string(lineNo), "no layer rows after the header");
    // The network input is the first row's input; every row carries its own, so the chain is never used.
    const Shape input = *layers.front().explicitInput;
    return Network(networkName.empty() ? "network" : networkName, input, std::move(layers), origin, "rows");
}

Network importScaleSimCsv(const std::string& path) {
    const QByteArray bytes = readFile(path);
    return importScaleSimCsvText(bytes.toStdString(), path, baseName(path));
}

Network loadNetworkFile(const std::string& path) {
    const std::string suffix = QFileInfo(QString::fromStdString(path)).suffix().toLower().toStdString();
    if (suffix == "csv") return importScaleSimCsv(path);
    if (suffix == "json") return parseNetworkJson(parseJsonObject(readFile(path), path), path, "");
    if (suffix == "onnx") return importOnnx(path);
    throw InputError(path, "", "unknown network file type \"." + suffix + "\": expected .csv (SCALE-Sim), .json or .onnx");
}

}  // namespace dfl
