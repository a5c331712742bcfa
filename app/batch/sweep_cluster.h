// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Sweeps beyond one machine (README "Sweeps on a cluster"): `sweep ... --plan DIR` checks every point and writes one
// self-contained `dataflow-lab batch` command per point to DIR/jobs.txt, plus DIR/sweep.sbatch (a Slurm job array,
// task i runs line i) and DIR/plan.json (what collect needs); any engine that runs shell lines runs them — GNU
// parallel (`parallel < DIR/jobs.txt`) or Slurm (`sbatch DIR/sweep.sbatch`). `sweep --collect DIR` reads the points'
// metrics.json back and prints and writes exactly what `sweep --jobs 1` would (table, JSON, sweep.csv), or names
// every point that is missing or failed (exit 2).

#include "app/batch/sweep_options.h"

#include <iosfwd>
#include <string>

namespace dfl {

// `executable`: the absolute path the job lines call (this program's own).
int runSweepPlan(const SweepOptions& options, const std::string& executable, std::ostream& out);
int runSweepCollect(const SweepOptions& options, std::ostream& out);

// 'text' for a POSIX shell: single quotes, an embedded quote as '\''.
std::string shellQuoted(const std::string& text);

}  // namespace dfl
