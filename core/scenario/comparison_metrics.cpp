// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scenario/comparison_metrics.h"

#include "core/scenario/json_params.h"
#include "core/sim/input_error.h"

#include <set>

namespace dfl {

void requireSameModule(const Scenario& a, const Scenario& b) {
    if (a.module != b.module)
        throw InputError(b.file, "module", "cannot compare module '" + b.module + "' with '" + a.module + "'" +
                                               (a.file.empty() ? "" : " (" + a.file + ")") +
                                               ": both sides must run the same module");
}

std::vector<FigureComparison> compareFigures(const MetricsReport& a, const MetricsReport& b) {
    std::vector<FigureComparison> rows;
    for (const Figure& f : a.summary) {
        FigureComparison row{f.key, f.unit, f.description, f.value, std::nullopt};
        if (const Figure* other = b.find(f.key)) row.b = other->value;
        rows.push_back(row);
    }
    for (const Figure& f : b.summary)
        if (!a.find(f.key)) rows.push_back({f.key, f.unit, f.description, std::nullopt, f.value});
    return rows;
}

std::vector<ParamDifference> compareParams(const Scenario& a, const Scenario& b) {
    std::vector<ParamDifference> out;
    if (a.networkSource != b.networkSource) out.push_back({"network", a.networkSource, b.networkSource});
    std::set<std::string> keys;
    for (const auto& [k, v] : a.params.values()) keys.insert(k);
    for (const auto& [k, v] : b.params.values()) keys.insert(k);
    auto text = [](const Params& p, const std::string& key) {
        const auto it = p.values().find(key);
        return it == p.values().end() ? std::string("(absent)") : paramValueText(it->second);
    };
    for (const std::string& k : keys) {
        const std::string va = text(a.params, k), vb = text(b.params, k);
        if (va != vb) out.push_back({k, va, vb});
    }
    if (a.seed != b.seed) out.push_back({"seed", std::to_string(a.seed), std::to_string(b.seed)});
    return out;
}

}  // namespace dfl
