// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The tdnn experiment as a report (summary, tables, assumptions) and as charts — shared by batch and GUI.

#include "core/energy/energy_table.h"
#include "core/sim/chart_spec.h"
#include "core/sim/metrics_report.h"
#include "core/tdnn/tdnn_experiment.h"
#include "core/tdnn/tdnn_frame.h"

#include <memory>
#include <vector>

namespace dfl {

// `energy`: the table the synaptic operations are priced with (tdnn-65nm by default).
MetricsReport tdnnReport(const TdnnResults& results, const RaceSetup& race, std::shared_ptr<const EnergyTable> energy);
std::vector<ChartSpec> tdnnCharts(const TdnnResults& results, std::shared_ptr<const EnergyTable> energy);

}  // namespace dfl
