// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Validated module parameters: every declared key has a value of its declared type (or is an absent optional).

#include "core/sim/param_spec.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

class Params {
public:
    Params() = default;
    Params(std::vector<ParamSpec> specs, std::map<std::string, ParamValue> values)
        : specs_(std::move(specs)), values_(std::move(values)) {}

    bool has(const std::string& key) const { return values_.count(key) != 0; }
    std::int64_t getInt(const std::string& key) const;
    double getDouble(const std::string& key) const;  // accepts Int values too
    bool getBool(const std::string& key) const;
    const std::string& getString(const std::string& key) const;
    const std::vector<std::string>& getStringList(const std::string& key) const;
    const std::vector<std::int64_t>& getIntList(const std::string& key) const;
    std::vector<double> getDoubleList(const std::string& key) const;

    void set(const std::string& key, ParamValue value) { values_[key] = std::move(value); }
    void erase(const std::string& key) { values_.erase(key); }
    const std::vector<ParamSpec>& specs() const { return specs_; }
    const std::map<std::string, ParamValue>& values() const { return values_; }

private:
    const ParamValue& at(const std::string& key) const;
    std::vector<ParamSpec> specs_;
    std::map<std::string, ParamValue> values_;
};

}  // namespace dfl
