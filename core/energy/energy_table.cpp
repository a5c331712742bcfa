// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/energy/energy_table.h"

#include "core/sim/input_error.h"
#include "core/sim/input_file.h"
#include "core/sim/metrics_json.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace dfl {

namespace {

// Far beyond any real table (the built-ins are about 5 KB): a file this large is a mistake, not a table.
constexpr std::int64_t kMaxEnergyFileBytes = std::int64_t(1) << 20;
constexpr int kMaxEntries = 1000;

const std::set<std::string>& units() {
    static const std::set<std::string> u{"fJ", "pJ", "nJ", "W"};
    return u;
}

std::string q(const std::string& s) { return "\"" + s + "\""; }

void rejectUnknown(const QJsonObject& obj, const std::set<std::string>& known, const std::string& origin,
                   const std::string& prefix) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string key = it.key().toStdString();
        if (known.count(key)) continue;
        std::string expected;
        for (const std::string& k : known) expected += (expected.empty() ? "" : ", ") + k;
        throw InputError(origin, prefix.empty() ? key : prefix + "." + key, "unknown key (expected " + expected + ")");
    }
}

std::string text(const QJsonObject& obj, const std::string& key, const std::string& origin, const std::string& place,
                 bool required) {
    const QJsonValue v = obj.value(QString::fromStdString(key));
    if (v.isUndefined()) {
        if (required) throw InputError(origin, place, "missing required key");
        return {};
    }
    if (!v.isString() || v.toString().trimmed().isEmpty()) throw InputError(origin, place, "expected a non-empty string");
    return v.toString().toStdString();
}

EnergyEntry parseEntry(const std::string& key, const QJsonValue& value, const std::string& origin,
                       const std::string& place) {
    if (!value.isObject()) throw InputError(origin, place, "expected an entry object {value, unit, per, source}");
    const QJsonObject obj = value.toObject();
    rejectUnknown(obj, {"value", "unit", "per", "bits", "source", "note"}, origin, place);
    EnergyEntry e;
    e.key = key;
    const QJsonValue v = obj.value("value");
    if (v.isUndefined()) throw InputError(origin, place + ".value", "missing required key");
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0)
        throw InputError(origin, place + ".value", "expected a non-negative number");
    e.value = v.toDouble();
    e.unit = text(obj, "unit", origin, place + ".unit", true);
    if (!units().count(e.unit))
        throw InputError(origin, place + ".unit", "unknown unit " + q(e.unit) + " (expected fJ, pJ, nJ or W)");
    e.per = text(obj, "per", origin, place + ".per", true);
    e.source = text(obj, "source", origin, place + ".source", true);
    e.note = text(obj, "note", origin, place + ".note", false);
    if (obj.contains("bits")) {
        const QJsonValue b = obj.value("bits");
        const double d = b.toDouble();
        if (!b.isDouble() || d != std::floor(d) || d < 1 || d > 4096)
            throw InputError(origin, place + ".bits", "expected an integer from 1 to 4096");
        if (e.unit == "W") throw InputError(origin, place + ".bits", "a power (W) has no access width");
        e.bits = int(d);
    }
    return e;
}

bool validKey(const std::string& key) {
    return !key.empty() && key.size() <= 64 &&
           std::all_of(key.begin(), key.end(), [](char c) { return std::isalnum((unsigned char)c) || c == '_'; });
}

}  // namespace

double EnergyEntry::pj() const {
    if (unit == "fJ") return value * 1e-3;
    if (unit == "nJ") return value * 1e3;
    if (unit == "W") return value * 1e12;  // pJ per second
    return value;
}

const EnergyEntry& EnergyTable::entry(const std::string& key) const {
    const auto it = entries.find(key);
    if (it == entries.end()) throw std::logic_error("energy table " + q(name) + " has no entry " + q(key));
    return it->second;
}

double EnergyTable::pjForBits(const std::string& key, double bits) const {
    const EnergyEntry& e = entry(key);
    if (e.bits <= 0) throw std::logic_error("energy entry " + q(key) + " has no access width (bits)");
    return e.pj() * bits / e.bits;
}

void EnergyTable::requireEntries(const std::vector<std::string>& keys, const std::string& file,
                                 const std::string& place) const {
    std::string missing;
    for (const std::string& k : keys)
        if (!has(k)) missing += (missing.empty() ? "" : ", ") + k;
    if (!missing.empty())
        throw InputError(file, place, "energy table " + q(name) + " (" + origin + ") lacks the entries this module "
                                      "charges: " + missing);
}

EnergyTable parseEnergyTable(const QByteArray& bytes, const std::string& origin) {
    const QJsonObject root = parseJsonObjectFile(bytes, origin);
    rejectUnknown(root, {"name", "title", "technology", "source", "entries"}, origin, "");
    EnergyTable t;
    t.origin = origin;
    t.name = text(root, "name", origin, "name", true);
    t.title = text(root, "title", origin, "title", true);
    t.technology = text(root, "technology", origin, "technology", false);
    t.source = text(root, "source", origin, "source", true);
    const QJsonValue entries = root.value("entries");
    if (entries.isUndefined()) throw InputError(origin, "entries", "missing required key");
    if (!entries.isObject() || entries.toObject().isEmpty())
        throw InputError(origin, "entries", "expected a non-empty object of entries");
    const QJsonObject obj = entries.toObject();
    if (obj.size() > kMaxEntries)
        throw InputError(origin, "entries", std::to_string(obj.size()) + " entries, more than the limit of " +
                                                std::to_string(kMaxEntries));
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string key = it.key().toStdString();
        const std::string place = "entries." + key;
        if (!validKey(key)) throw InputError(origin, place, "an entry name is 1 to 64 letters, digits or _");
        t.entries[key] = parseEntry(key, it.value(), origin, place);
    }
    return t;
}

std::vector<std::string> builtinEnergyTableNames() {
    std::vector<std::string> names;
    for (const QString& f : QDir(":/energy").entryList({"*.json"}, QDir::Files, QDir::Name))
        names.push_back(QFileInfo(f).completeBaseName().toStdString());
    std::sort(names.begin(), names.end());
    return names;
}

EnergyTable loadEnergyTable(const std::string& nameOrPath, const std::string& scenarioFile, const std::string& place) {
    const QString name = QString::fromStdString(nameOrPath);
    if (name.endsWith(".json", Qt::CaseInsensitive)) {
        QString path = name;
        if (QFileInfo(path).isRelative() && !scenarioFile.empty())
            path = QFileInfo(QString::fromStdString(scenarioFile)).dir().filePath(name);
        const std::string file = path.toStdString();
        return parseEnergyTable(readInputFile(file, "energy table file", kMaxEnergyFileBytes), file);
    }
    const std::string resource = ":/energy/" + nameOrPath + ".json";
    QFile file(QString::fromStdString(resource));
    if (nameOrPath.empty() || name.contains('/') || !file.open(QIODevice::ReadOnly)) {
        std::string valid;
        for (const std::string& n : builtinEnergyTableNames()) valid += (valid.empty() ? "" : ", ") + n;
        throw InputError(scenarioFile, place, "unknown energy table " + q(nameOrPath) + " (built-in: " + valid +
                                                  "; or a path ending in .json)");
    }
    return parseEnergyTable(file.readAll(), resource);
}

void applyEnergyOverrides(EnergyTable& table, const std::vector<std::string>& overrides, const std::string& scenarioFile,
                          const std::string& place) {
    for (size_t i = 0; i < overrides.size(); ++i) {
        const std::string at = place + "[" + std::to_string(i) + "]";
        const std::string& o = overrides[i];
        const size_t eq = o.find('=');
        if (eq == std::string::npos)
            throw InputError(scenarioFile, at, "expected \"entry=value\", found " + q(o));
        const std::string key = QString::fromStdString(o.substr(0, eq)).trimmed().toStdString();
        const auto it = table.entries.find(key);
        if (it == table.entries.end()) {
            std::string valid;
            for (const auto& [k, e] : table.entries) valid += (valid.empty() ? "" : ", ") + k;
            throw InputError(scenarioFile, at, "energy table " + q(table.name) + " has no entry " + q(key) +
                                                   " (entries: " + valid + ")");
        }
        bool ok = false;
        const double value = QString::fromStdString(o.substr(eq + 1)).trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(value) || value < 0)
            throw InputError(scenarioFile, at, "expected a non-negative number after '=', found " + q(o.substr(eq + 1)));
        overrideEnergyEntry(table, key, value);
    }
}

void overrideEnergyEntry(EnergyTable& table, const std::string& key, double value) {
    const auto it = table.entries.find(key);
    if (it == table.entries.end()) throw std::logic_error("energy table " + q(table.name) + " has no entry " + q(key));
    it->second.value = value;
    it->second.overridden = true;
}

SramAccess sramAccess(const EnergyTable& table, bool write, double bytes, int ports, double bits) {
    struct Point {
        double bytes;
        std::string key;
    };
    const std::string kind = write ? "write" : "read";
    const Point points[] = {{8.0 * 1024, "sram_" + kind + "_8kb_64b"},
                            {32.0 * 1024, "sram_" + kind + "_32kb_64b"},
                            {1024.0 * 1024, "sram_" + kind + "_1mb_64b"}};
    SramAccess a;
    a.equivalentBytes = bytes * double(ports) * double(ports);
    const double s = std::max(a.equivalentBytes, 1.0);
    const double width = bits / 64.0;
    const std::string size = formatNumber(bytes) + " B" +
                             (ports > 1 ? " × " + std::to_string(ports) + "² ports = " + formatNumber(a.equivalentBytes) + " B"
                                        : std::string());
    if (s <= points[0].bytes) {
        const double f = std::sqrt(s / points[0].bytes);
        a.weights = {{points[0].key, f * width}};
        a.rule = points[0].key + " × √(" + size + " / 8 KB) × " + formatNumber(bits) + "/64 bit";
    } else if (s >= points[2].bytes) {
        const double f = std::sqrt(s / points[2].bytes);
        a.weights = {{points[2].key, f * width}};
        a.rule = points[2].key + " × √(" + size + " / 1 MB) × " + formatNumber(bits) + "/64 bit";
    } else {
        const int i = s <= points[1].bytes ? 0 : 1;
        const double t = std::log2(s / points[i].bytes) / std::log2(points[i + 1].bytes / points[i].bytes);
        a.weights = {{points[i].key, (1 - t) * width}, {points[i + 1].key, t * width}};
        a.rule = "log2-size interpolation at " + size + ": " + formatNumber(1 - t) + " × " + points[i].key + " + " +
                 formatNumber(t) + " × " + points[i + 1].key + ", × " + formatNumber(bits) + "/64 bit";
    }
    for (const auto& [key, w] : a.weights) a.pj += w * table.pj(key);
    return a;
}

MacEntries macEntries(int bits, bool floatingPoint) {
    if (floatingPoint) return bits <= 16 ? MacEntries{"fp16_mult", "fp16_add"} : MacEntries{"fp32_mult", "fp32_add"};
    if (bits <= 8) return {"int8_mult", "int8_add"};
    if (bits <= 16) return {"int16_mult", "int16_add"};
    return {"int32_mult", "int32_add"};
}

}  // namespace dfl
