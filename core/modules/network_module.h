// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "network" module: no clock, it reports the network itself (parameters, MACs, activations per layer).

#include "core/contract/module_info.h"
#include "core/network/network.h"
#include "core/sim/chart_spec.h"
#include "core/sim/metrics_report.h"

namespace dfl {

ModuleInfo networkModuleInfo();

// Shared with every module that shows "the network as a table and a chart".
Table networkLayerTable(const Network& network);
ChartSpec networkCostChart(const Network& network);

}  // namespace dfl
