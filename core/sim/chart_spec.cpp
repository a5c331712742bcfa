// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/chart_spec.h"

#include <cctype>

namespace dfl {

std::string chartTabTitle(const ChartSpec& spec) {
    if (!spec.tab.empty()) return spec.tab;
    std::string t = spec.title;
    // "vgg-f: memory per pipeline stage": a prefix of one word (a network or a paper's system) is the scenario's,
    // which the window's title already names.
    if (const auto colon = t.find(": "); colon != std::string::npos && t.substr(0, colon).find(' ') == std::string::npos)
        t = t.substr(colon + 2);
    if (!t.empty() && t.back() == ')') {
        if (const auto open = t.rfind(" ("); open != std::string::npos && open > 0) t = t.substr(0, open);
    }
    if (!t.empty() && std::islower(static_cast<unsigned char>(t[0]))) t[0] = char(std::toupper(static_cast<unsigned char>(t[0])));
    return t.empty() ? spec.title : t;
}

}  // namespace dfl
