// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/params.h"

#include <stdexcept>

namespace dfl {

std::string paramTypeName(ParamType type) {
    switch (type) {
    case ParamType::Int: return "integer";
    case ParamType::Double: return "number";
    case ParamType::Bool: return "boolean";
    case ParamType::String: return "string";
    case ParamType::StringList: return "list of strings";
    case ParamType::IntList: return "list of integers";
    case ParamType::DoubleList: return "list of numbers";
    }
    return "?";
}

ParamSpec& declareParam(std::vector<ParamSpec>& specs, std::string key, ParamType type, ParamValue defaultValue,
                        std::string unit, std::string description, double min, double max,
                        std::vector<std::string> choices) {
    ParamSpec spec;
    spec.key = std::move(key);
    spec.type = type;
    spec.defaultValue = std::move(defaultValue);
    spec.unit = std::move(unit);
    spec.description = std::move(description);
    spec.min = min;
    spec.max = max;
    spec.choices = std::move(choices);
    specs.push_back(std::move(spec));
    return specs.back();
}

const ParamValue& Params::at(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end()) throw std::out_of_range("parameter '" + key + "' has no value");
    return it->second;
}

template <class T>
static const T& as(const ParamValue& value, const std::string& key) {
    if (const T* v = std::get_if<T>(&value)) return *v;
    throw std::logic_error("parameter '" + key + "' read with the wrong type");
}

std::int64_t Params::getInt(const std::string& key) const { return as<std::int64_t>(at(key), key); }

double Params::getDouble(const std::string& key) const {
    const ParamValue& v = at(key);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return double(*i);
    return as<double>(v, key);
}

bool Params::getBool(const std::string& key) const { return as<bool>(at(key), key); }
const std::string& Params::getString(const std::string& key) const { return as<std::string>(at(key), key); }
const std::vector<std::string>& Params::getStringList(const std::string& key) const {
    return as<std::vector<std::string>>(at(key), key);
}
const std::vector<std::int64_t>& Params::getIntList(const std::string& key) const {
    return as<std::vector<std::int64_t>>(at(key), key);
}
std::vector<double> Params::getDoubleList(const std::string& key) const {
    const ParamValue& v = at(key);
    if (const auto* ints = std::get_if<std::vector<std::int64_t>>(&v)) return {ints->begin(), ints->end()};
    return as<std::vector<double>>(v, key);
}

}  // namespace dfl
