// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The paper's Figures 15–20 for one layer with the user's Px, Py, T, H, and per-layer bars for a network.
// All from the closed form (cgra_analysis.h).

#include "core/cgra/cgra_config.h"
#include "core/sim/chart_spec.h"

#include <string>
#include <vector>

namespace dfl::cgra {

std::vector<ChartSpec> paperFigureCharts(const CgraConfig& config, const CgraLayer& layer);
std::vector<ChartSpec> networkLayerCharts(const CgraConfig& config, const std::vector<CgraLayer>& layers,
                                          const std::string& networkName);

}  // namespace dfl::cgra
