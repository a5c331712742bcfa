// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scenario/scenario.h"

#include "core/modules/module_registry.h"
#include "core/network/network_io.h"
#include "core/scenario/json_params.h"
#include "core/sim/input_error.h"
#include "core/sim/input_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <set>

namespace dfl {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

// How errors name an override: as it was given on the command line.
std::string optionText(const Override& ov) { return (ov.value ? "--set " : "--unset ") + ov.keyPath; }

// Applies one --set or --unset to the raw JSON tree, creating intermediate objects for a --set; type checks
// happen in validation.
void applyOverride(QJsonObject& root, const Override& ov, const std::string& file) {
    const QStringList parts = q(ov.keyPath).split('.');
    if (ov.keyPath.empty() || parts.contains(QString()))
        throw InputError(file, optionText(ov), "empty key in the key path");
    std::vector<QJsonObject> chain{root};
    for (int i = 0; i + 1 < parts.size(); ++i) {
        const QJsonValue next = chain.back().value(parts[i]);
        if (!next.isUndefined() && !next.isObject())
            throw InputError(file, optionText(ov), "'" + parts[i].toStdString() + "' is not an object");
        chain.push_back(next.toObject());
    }
    if (ov.value) chain.back()[parts.back()] = overrideValue(*ov.value);
    else if (chain.back().contains(parts.back())) chain.back().remove(parts.back());
    else throw InputError(file, optionText(ov), "the scenario does not set this key: nothing to remove");
    for (int i = int(parts.size()) - 2; i >= 0; --i) chain[size_t(i)][parts[i]] = chain[size_t(i) + 1];
    root = chain.front();
}

// A removal of what no scenario may lack is refused naming the --unset, rather than reported later as "missing"
// as if the file lacked it. Checked against the final tree, whose module says which parameters are required.
void requireRemovable(const QJsonObject& root, const Override& removal, const std::string& file) {
    const std::string& key = removal.keyPath;
    bool required = key == "name" || key == "module";
    if (const ModuleInfo* info = findModule(root.value("module").toString().toStdString())) {
        required = required || (key == "network" && info->needsNetwork);
        for (const ParamSpec& spec : info->params) required = required || (spec.required && key == "params." + spec.key);
    }
    if (required)
        throw InputError(file, optionText(removal), "required: a scenario cannot leave it out (change it with --set)");
}

// How a reference entry declares an outcome other than a match (docs/fidelity.md): `expect` with a non-empty
// `reason`, and for an inconsistent source the `implied_value` its own numbers give. Anything else is rejected, so a
// scenario cannot silence a plain miss.
void parseExpectation(const QJsonObject& entry, const std::string& place, const std::string& file, Reference& ref) {
    const QJsonValue expect = entry.value("expect"), reason = entry.value("reason"), implied = entry.value("implied_value");
    if (expect.isUndefined()) {
        if (!reason.isUndefined())
            throw InputError(file, place + ".reason",
                             "a reason goes with \"expect\" (not-reproduced or inconsistent-source); a plain check has none");
        if (!implied.isUndefined())
            throw InputError(file, place + ".implied_value", "only with \"expect\": \"inconsistent-source\"");
        return;
    }
    if (expect == QJsonValue("not-reproduced")) ref.expect = ReferenceExpectation::NotReproduced;
    else if (expect == QJsonValue("inconsistent-source")) ref.expect = ReferenceExpectation::InconsistentSource;
    else throw InputError(file, place + ".expect", "expected \"not-reproduced\" or \"inconsistent-source\"");
    if (!reason.isString() || reason.toString().trimmed().isEmpty())
        throw InputError(file, place + ".reason",
                         reason.isUndefined() ? "missing: \"expect\" needs the documented reason"
                                              : "expected a non-empty string (the documented reason)");
    ref.reason = reason.toString().toStdString();
    if (ref.expect == ReferenceExpectation::InconsistentSource) {
        if (!implied.isDouble())
            throw InputError(file, place + ".implied_value",
                             implied.isUndefined() ? "missing: an inconsistent source needs the figure its own numbers imply"
                                                   : "expected a number");
        ref.impliedValue = implied.toDouble();
    } else if (!implied.isUndefined()) {
        throw InputError(file, place + ".implied_value", "only with \"expect\": \"inconsistent-source\"");
    }
}

std::vector<Reference> parseReferences(const QJsonValue& value, const std::string& file) {
    std::vector<Reference> refs;
    if (value.isUndefined()) return refs;
    if (!value.isObject()) throw InputError(file, "reference", "expected an object of summary keys");
    const QJsonObject obj = value.toObject();
    static const std::set<QString> known{"value", "rel_tol", "source", "expect", "reason", "implied_value", "within"};
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string place = "reference." + it.key().toStdString();
        if (!it.value().isObject()) throw InputError(file, place, "expected an object with value, rel_tol and source");
        const QJsonObject entry = it.value().toObject();
        for (const QString& key : entry.keys())
            if (!known.count(key))
                throw InputError(file, place + "." + key.toStdString(),
                                 "unknown key (expected value, rel_tol, source, expect, reason, implied_value, within)");
        if (!entry.value("value").isDouble()) throw InputError(file, place + ".value", "expected a number");
        if (!entry.value("rel_tol").isDouble() || entry.value("rel_tol").toDouble() < 0)
            throw InputError(file, place + ".rel_tol", "expected a non-negative number");
        if (!entry.value("source").isUndefined() && !entry.value("source").isString())
            throw InputError(file, place + ".source", "expected a string");
        Reference ref;
        ref.key = it.key().toStdString();
        ref.published = entry.value("value").toDouble();
        ref.relTol = entry.value("rel_tol").toDouble();
        ref.source = entry.value("source").toString().toStdString();
        parseExpectation(entry, place, file, ref);
        if (entry.contains("within")) {
            const QJsonArray keys = entry.value("within").toArray();
            if (!entry.value("within").isArray() || keys.size() != 2 || !keys[0].isString() || !keys[1].isString() ||
                keys[0].toString().isEmpty() || keys[1].toString().isEmpty())
                throw InputError(file, place + ".within",
                                 "expected two summary keys, [\"least\", \"most\"], of the range the figure must lie in");
            ref.within = std::make_pair(keys[0].toString().toStdString(), keys[1].toString().toStdString());
        }
        refs.push_back(std::move(ref));
    }
    return refs;
}

Network resolveNetwork(const QJsonValue& value, const std::string& file, std::string& source) {
    if (value.isObject()) {
        source = "inline";
        return parseNetworkJson(value.toObject(), file, "network");
    }
    if (!value.isString()) throw InputError(file, "network", "expected a built-in name, a file path or an object with layers");
    source = value.toString().toStdString();
    const auto names = builtinNetworkNames();
    if (std::find(names.begin(), names.end(), source) != names.end()) return loadBuiltinNetwork(source);
    const QString lower = q(source).toLower();
    if (lower.endsWith(".csv") || lower.endsWith(".json") || lower.endsWith(".onnx")) {
        const QString base = file.empty() ? QDir::currentPath() : QFileInfo(q(file)).absolutePath();
        const QString path = QDir(base).filePath(q(source));
        if (!QFileInfo::exists(path))
            throw InputError(file, "network", "network file '" + path.toStdString() + "' does not exist");
        return loadNetworkFile(path.toStdString());
    }
    throw InputError(file, "network", "unknown network '" + source + "' (built-ins: " + joined(names) +
                                          "; or a path ending in .csv, .json or .onnx)");
}

}  // namespace

Override parseOverride(const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError("--set", assignment, "expected key.path=value");
    return {assignment.substr(0, eq), assignment.substr(eq + 1)};
}

Override parseUnset(const std::string& keyPath) {
    if (keyPath.empty() || keyPath.find('=') != std::string::npos)
        throw InputError("--unset", keyPath, "expected key.path alone (it removes the key; --set gives a value)");
    return {keyPath, std::nullopt};
}

Scenario loadScenarioText(const std::string& jsonText, const std::string& file, const std::vector<Override>& overrides) {
    const QByteArray bytes = QByteArray::fromStdString(jsonText);
    QJsonObject root = parseJsonObjectFile(bytes, file);
    for (const Override& ov : overrides) applyOverride(root, ov, file);
    for (const Override& ov : overrides)
        if (!ov.value) requireRemovable(root, ov, file);

    static const std::set<QString> known{"name", "description", "module", "network", "seed", "params", "reference"};
    for (const QString& key : root.keys())
        if (!known.count(key))
            throw InputError(file, key.toStdString(),
                             "unknown key (expected name, description, module, network, seed, params, reference)");

    Scenario s;
    s.file = file;
    if (!root.value("name").isString() || root.value("name").toString().isEmpty())
        throw InputError(file, "name", root.contains("name") ? "expected a non-empty string" : "missing (the scenario's title)");
    s.name = root.value("name").toString().toStdString();
    if (root.contains("description")) {
        if (!root.value("description").isString()) throw InputError(file, "description", "expected a string");
        s.description = root.value("description").toString().toStdString();
    }
    if (!root.value("module").isString())
        throw InputError(file, "module", root.contains("module") ? "expected a string" : "missing (which module runs this scenario)");
    s.module = root.value("module").toString().toStdString();
    const ModuleInfo* info = findModule(s.module);
    if (!info) {
        std::vector<std::string> names;
        for (const ModuleInfo& m : allModules()) names.push_back(m.name);
        throw InputError(file, "module", "unknown module '" + s.module + "' (known: " + joined(names) + ")");
    }
    if (root.contains("seed")) {
        const QJsonValue seed = root.value("seed");
        // Range first: converting a double beyond 2^63 to an integer is undefined behaviour (1e20 was).
        const double d = seed.isDouble() ? seed.toDouble() : -1;
        if (d < 0 || d >= 9223372036854775808.0 || d != std::floor(d))
            throw InputError(file, "seed", "expected a non-negative integer below 2^63");
        s.seed = std::uint64_t(seed.toDouble());
    }
    if (root.contains("network")) s.network = resolveNetwork(root.value("network"), file, s.networkSource);
    else if (info->needsNetwork) throw InputError(file, "network", "missing (module '" + s.module + "' needs a network)");

    const QJsonValue params = root.value("params");
    if (!params.isUndefined() && !params.isObject()) throw InputError(file, "params", "expected an object");
    s.params = validateParams(info->params, params.toObject(), file, "params");
    s.references = parseReferences(root.value("reference"), file);
    s.json = QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
    return s;
}

Scenario loadScenarioFile(const std::string& path, const std::vector<Override>& overrides) {
    return loadScenarioText(readInputFile(path, "scenario file").toStdString(), path, overrides);
}

}  // namespace dfl
