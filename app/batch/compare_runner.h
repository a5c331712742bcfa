// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `dataflow-lab compare A B`: both configurations run headless to their end (or --cycles, or a session's cycle)
// through the batch run loop, then the comparison is printed as text or JSON. Exit codes as batch mode's.

#include "app/batch/compare_options.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace dfl {

int runCompare(const CompareOptions& options, std::ostream& out, std::ostream& err);

// Parses arguments too; what main() calls. args excludes the program name and the word "compare".
int runCompareCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace dfl
