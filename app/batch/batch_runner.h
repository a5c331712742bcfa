// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs one scenario headless and writes its report; shared by `dataflow-lab batch` and the no-display
// fallback of the GUI command.

#include "app/batch/batch_options.h"
#include "app/export_all_job.h"
#include "core/sim/metrics_report.h"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace dfl {

enum BatchExit { BatchOk = 0, BatchReferenceFailed = 1, BatchBadInput = 2, BatchInternalError = 3 };

// SCENARIO may also be a session file (app/session.h): its scenario, with its edits, runs to the session's cycle
// unless --cycles says otherwise. With --out, `exportAll` (the GUI layer's export, when built) writes the charts,
// the view snapshots and the index.
int runBatch(const BatchOptions& options, std::ostream& out, std::ostream& err, const ExportWriter& exportAll);

// Writes `text` to `path` atomically (the old file stays until the new one is complete); InputError when it cannot.
void writeTextFile(const std::string& path, const std::string& text);
// batch --out's numbers: `directory`/metrics.json and one CSV per table (the folder is created when missing).
void writeReportFiles(const std::string& directory, const MetricsReport& report);

// Runs `work` and returns its exit code; an InputError becomes its message on `err` and BatchBadInput, any other
// exception BatchInternalError. Every headless command reports its errors this one way.
int runReportingErrors(std::ostream& err, const std::function<int()>& work);

// The shape every command line shares: `parseAskingForHelp` fills the command's options and says whether --help
// was given (then the usage goes to `out`: BatchOk); an InputError from it prints its message and the usage on
// `err` (BatchBadInput); otherwise `run` runs.
int runCommandLine(std::ostream& out, std::ostream& err, const std::string& usage,
                   const std::function<bool()>& parseAskingForHelp, const std::function<int()>& run);

// Parses arguments too; what main() calls.
int runBatchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                    const ExportWriter& exportAll);

}  // namespace dfl
