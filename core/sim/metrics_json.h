// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The report's three written forms: metrics.json (docs/architecture.md "Batch mode"), one CSV per table, and the
// readable text batch mode prints. QtCore's JSON is used here, at the file edge.

#include "core/sim/metrics_report.h"

#include <string>

namespace dfl {

// Integers without a decimal point, others with 6 significant digits; NaN (a figure that does not exist, e.g. the
// time to a target never reached) as "n/a", which spreadsheets and pandas read back as missing. JSON writes null.
std::string formatNumber(double value);
std::string cellText(const Cell& cell);

std::string metricsToJson(const MetricsReport& report);
std::string tableToCsv(const Table& table);
std::string formatReportText(const MetricsReport& report);
// One reference check as the text report shows it: status, key, published and simulated values, error and
// tolerance, source; then, indented, the implied figure, the scenario's reason and any note (sweep reuses it).
std::string formatReferenceCheck(const ReferenceCheck& check);
std::string formatReferenceChecks(const std::vector<ReferenceCheck>& checks);  // with a "Reference checks:" header

}  // namespace dfl
