// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scenario/json_params.h"

#include "core/sim/input_error.h"
#include "core/sim/metrics_json.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace dfl {

namespace {

bool isInteger(const QJsonValue& v) {
    return v.isDouble() && std::isfinite(v.toDouble()) && v.toDouble() == std::floor(v.toDouble()) &&
           std::fabs(v.toDouble()) < 9.0e15;
}

std::string rangeText(const ParamSpec& spec) {
    if (spec.min > -1e299 && spec.max < 1e299) return " from " + formatNumber(spec.min) + " to " + formatNumber(spec.max);
    if (spec.min > -1e299) return " of at least " + formatNumber(spec.min);
    if (spec.max < 1e299) return " of at most " + formatNumber(spec.max);
    return "";
}

double checkedNumber(const ParamSpec& spec, const QJsonValue& v, bool integer, const std::string& file,
                     const std::string& place) {
    if (integer ? !isInteger(v) : !v.isDouble())
        throw InputError(file, place, std::string("expected ") + (integer ? "an integer" : "a number") + rangeText(spec));
    const double x = v.toDouble();
    if (x < spec.min || x > spec.max)
        throw InputError(file, place, "value " + formatNumber(x) + " is out of range: expected" +
                                          (integer ? " an integer" : " a number") + rangeText(spec));
    return x;
}

ParamValue parseValue(const ParamSpec& spec, const QJsonValue& v, const std::string& file, const std::string& place) {
    switch (spec.type) {
    case ParamType::Int: return std::int64_t(checkedNumber(spec, v, true, file, place));
    case ParamType::Double: return checkedNumber(spec, v, false, file, place);
    case ParamType::Bool:
        if (!v.isBool()) throw InputError(file, place, "expected true or false");
        return v.toBool();
    case ParamType::String: {
        if (!v.isString()) throw InputError(file, place, "expected a string");
        const std::string s = v.toString().toStdString();
        if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
            std::string list;
            for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
            throw InputError(file, place, "'" + s + "' is not one of: " + list);
        }
        return s;
    }
    case ParamType::StringList:
    case ParamType::IntList:
    case ParamType::DoubleList: {
        if (!v.isArray()) throw InputError(file, place, "expected a " + paramTypeName(spec.type));
        const QJsonArray array = v.toArray();
        std::vector<std::string> strings;
        std::vector<std::int64_t> ints;
        std::vector<double> doubles;
        for (int i = 0; i < array.size(); ++i) {
            const std::string at = place + "[" + std::to_string(i) + "]";
            if (spec.type == ParamType::StringList) {
                if (!array[i].isString()) throw InputError(file, at, "expected a string");
                strings.push_back(array[i].toString().toStdString());
            } else if (spec.type == ParamType::IntList) {
                ints.push_back(std::int64_t(checkedNumber(spec, array[i], true, file, at)));
            } else {
                doubles.push_back(checkedNumber(spec, array[i], false, file, at));
            }
        }
        if (spec.type == ParamType::StringList) return strings;
        if (spec.type == ParamType::IntList) return ints;
        return doubles;
    }
    }
    throw InputError(file, place, "unsupported parameter type");
}

}  // namespace

Params validateParams(const std::vector<ParamSpec>& specs, const QJsonObject& values, const std::string& file,
                      const std::string& prefix) {
    for (const QString& key : values.keys()) {
        bool known = false;
        for (const ParamSpec& spec : specs) known = known || spec.key == key.toStdString();
        if (!known) {
            std::string list;
            for (const ParamSpec& spec : specs) list += (list.empty() ? "" : ", ") + spec.key;
            throw InputError(file, prefix + "." + key.toStdString(),
                             "unknown parameter (known: " + (list.empty() ? std::string("none") : list) + ")");
        }
    }
    std::map<std::string, ParamValue> result;
    for (const ParamSpec& spec : specs) {
        const std::string place = prefix + "." + spec.key;
        const QJsonValue v = values.value(QString::fromStdString(spec.key));
        if (v.isUndefined()) {
            if (spec.required) throw InputError(file, place, "missing (" + spec.description + ")");
            if (!spec.optional) result[spec.key] = spec.defaultValue;
            continue;
        }
        result[spec.key] = parseValue(spec, v, file, place);
    }
    return Params(specs, std::move(result));
}

QJsonValue overrideValue(const std::string& text) {
    const QByteArray wrapped = QByteArray::fromStdString("[" + text + "]");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error == QJsonParseError::NoError && doc.array().size() == 1) return doc.array().first();
    const QString s = QString::fromStdString(text).trimmed();
    if (s.startsWith('[') && s.endsWith(']')) {  // [conv2,conv3] with bare words
        QJsonArray array;
        const QString inner = s.mid(1, s.size() - 2).trimmed();
        if (!inner.isEmpty())
            for (const QString& item : inner.split(',')) {
                const QString t = item.trimmed();
                bool isNumber = false;
                const double x = t.toDouble(&isNumber);
                array.append(isNumber ? QJsonValue(x) : QJsonValue(t));
            }
        return array;
    }
    return QJsonValue(QString::fromStdString(text));
}

QJsonValue paramValueToJson(const ParamValue& value) {
    return std::visit(
        [](const auto& v) -> QJsonValue {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) return QJsonValue(qint64(v));
            else if constexpr (std::is_same_v<T, double> || std::is_same_v<T, bool>) return QJsonValue(v);
            else if constexpr (std::is_same_v<T, std::string>) return QJsonValue(QString::fromStdString(v));
            else {
                QJsonArray array;
                for (const auto& item : v) {
                    if constexpr (std::is_same_v<std::decay_t<decltype(item)>, std::string>)
                        array.append(QString::fromStdString(item));
                    else array.append(QJsonValue(double(item)));
                }
                return array;
            }
        },
        value);
}

std::string paramValueText(const ParamValue& value) {
    const QJsonValue json = paramValueToJson(value);
    if (json.isArray()) return QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact).toStdString();
    if (json.isString()) return json.toString().toStdString();
    if (json.isBool()) return json.toBool() ? "true" : "false";
    return formatNumber(json.toDouble());
}

}  // namespace dfl
