#pragma once
// Runs one scenario headless and writes its report; shared by `dataflow-lab batch` and the no-display
// fallback of the GUI command.

#include "app/batch/batch_options.h"
#include "app/export_all_job.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace dfl {

enum BatchExit { BatchOk = 0, BatchReferenceFailed = 1, BatchBadInput = 2, BatchInternalError = 3 };

// SCENARIO may also be a session file (app/session.h): its scenario, with its edits, runs to the session's cycle
// unless --cycles says otherwise. With --out, `exportAll` (the GUI layer's export, when built) writes the charts,
// the view snapshots and the index.
int runBatch(const BatchOptions& options, std::ostream& out, std::ostream& err, const ExportWriter& exportAll);

// Parses arguments too; what main() calls.
int runBatchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                    const ExportWriter& exportAll);

}  // namespace dfl
