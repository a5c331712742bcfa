#pragma once
// Runs one scenario headless and writes its report; shared by `dataflow-lab batch` and the no-display
// fallback of the GUI command.

#include "app/batch/batch_options.h"
#include "core/sim/chart_spec.h"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace dfl {

// Writes one chart in the given formats into a folder; supplied by the GUI layer when it is built.
using ChartWriter = std::function<void(const std::vector<ChartSpec>& charts, const std::string& dir,
                                       const std::vector<std::string>& formats)>;

enum BatchExit { BatchOk = 0, BatchReferenceFailed = 1, BatchBadInput = 2, BatchInternalError = 3 };

int runBatch(const BatchOptions& options, std::ostream& out, std::ostream& err, const ChartWriter& writeCharts);

// Parses arguments too; what main() calls.
int runBatchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                    const ChartWriter& writeCharts);

}  // namespace dfl
