// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Each module parameter is declared once: key, type, default, description, limits. The scenario loader
// validates against these declarations and the GUI generates its property panel from them.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace dfl {

enum class ParamType { Int, Double, Bool, String, StringList, IntList, DoubleList };

using ParamValue = std::variant<std::int64_t, double, bool, std::string, std::vector<std::string>,
                                std::vector<std::int64_t>, std::vector<double>>;

struct ParamSpec {
    std::string key;           // as written under "params"
    ParamType type = ParamType::Int;
    ParamValue defaultValue;   // std::monostate-like "no default" is expressed by `required`
    std::string unit;          // "", "MHz", "bytes", ...
    std::string description;
    double min = -1e300, max = 1e300;  // numeric limits (inclusive), also applied to list elements
    std::vector<std::string> choices;  // String: allowed values (empty = any)
    bool required = false;
    bool optional = false;     // may be absent with no default (e.g. pipeline partition: absent = optimiser's)
};

std::string paramTypeName(ParamType type);

// Appends one declaration, so a module's parameter table reads one line per parameter.
ParamSpec& declareParam(std::vector<ParamSpec>& specs, std::string key, ParamType type, ParamValue defaultValue,
                        std::string unit, std::string description, double min = -1e300, double max = 1e300,
                        std::vector<std::string> choices = {});

}  // namespace dfl
