// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A plain reference check for tests (Reference has more fields than a test usually sets; the declared outcomes
// are assigned field by field where a test needs them).
#include "core/sim/metrics_report.h"

#include <string>
#include <utility>

namespace dfl {

inline Reference plainReference(std::string key, double published, double relTol, std::string source) {
    Reference r;
    r.key = std::move(key);
    r.published = published;
    r.relTol = relTol;
    r.source = std::move(source);
    return r;
}

}  // namespace dfl
