// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a sweep prints and writes: one table ("sweep") with a row per point — its number, its varied values, every
// summary figure and, when the scenario has references, `references`: the point's most telling reference status
// (fail, not-reproduced, inconsistent-source, pass; docs/fidelity.md) — as aligned text, as JSON in
// metrics.json's shape, and as CSV through the report writers of core/sim/metrics_json.h.

#include "app/batch/sweep_points.h"
#include "core/sim/metrics_report.h"

#include <string>
#include <vector>

namespace dfl {

struct SweepResult {
    std::string scenario, module;        // the first point's scenario name and module
    std::vector<VariedKey> varied;
    std::vector<SweepPoint> points;
    std::vector<MetricsReport> reports;  // one per point, in point order, references checked
};

// Figure columns in the first point's order, then any figure a later point adds; a point without a figure
// has an empty cell. Varied values that are numbers are number cells, others the text given to --vary.
Table sweepTable(const SweepResult& sweep);
bool anyReferences(const SweepResult& sweep);
bool noReferenceFailed(const SweepResult& sweep);  // the exit code: no point has a `fail`

// A heading, the table aligned (units on a second header line) and each failed reference check by point.
std::string formatSweepText(const SweepResult& sweep);
// {"scenario", "module", "summary": {}, ..., "tables": {"sweep": [{column: value}]}, ...}: metricsToJson's shape.
std::string sweepToJson(const SweepResult& sweep);

// The --out subfolder of a point: "01", "02", ... (zero-padded to the widest number, at least two digits).
std::string pointFolderName(const SweepPoint& point, size_t pointCount);

}  // namespace dfl
