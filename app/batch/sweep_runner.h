// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `dataflow-lab sweep`: every point's scenario is loaded and checked first, then the points run through the batch
// run loop (app/batch/scenario_run.h), --jobs at a time, and the table is printed and, with --out, written.
// Exit codes as batch mode's: 1 when any point fails a reference check.

#include "app/batch/scenario_run.h"
#include "app/batch/sweep_options.h"
#include "app/batch/sweep_points.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace dfl {

// Every point's scenario read and checked (a bad value names its point), in point order; nothing runs.
std::vector<ScenarioInput> loadSweepPoints(const SweepOptions& options, const std::vector<SweepPoint>& points);

// `progress`: say on `err` as each point finishes (main() asks for it when standard error is a terminal).
int runSweep(const SweepOptions& options, std::ostream& out, std::ostream& err, bool progress = false);

// Parses arguments too; what main() calls. args excludes the program name and the word "sweep".
int runSweepCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace dfl
