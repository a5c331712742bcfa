// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The tdnn experiment as a report (summary, tables, assumptions) and as charts — shared by batch and GUI.

#include "core/sim/chart_spec.h"
#include "core/sim/metrics_report.h"
#include "core/tdnn/tdnn_experiment.h"
#include "core/tdnn/tdnn_frame.h"

#include <vector>

namespace dfl {

MetricsReport tdnnReport(const TdnnResults& results, const RaceSetup& race);
std::vector<ChartSpec> tdnnCharts(const TdnnResults& results);

}  // namespace dfl
