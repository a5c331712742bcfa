// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/compare_options.h"

#include "app/batch/batch_options.h"
#include "core/sim/input_error.h"

namespace dfl {

std::string compareUsage() {
    return "Usage: dataflow-lab compare A B [--set-a key.path=value]... [--set-b key.path=value]...\n"
           "                            [--unset-a key.path]... [--unset-b key.path]... [--cycles N] [--json]\n"
           "\n"
           "Runs two scenarios (or saved sessions) of the same module without a display and prints the\n"
           "parameters they set differently, then every summary figure with A, B, B - A and B / A.\n"
           "  --set-a key.path=value  override a value of A only, e.g. --set-a params.stages=8\n"
           "  --set-b key.path=value  override a value of B only (B may be A's file with changes:\n"
           "                          compare X.json X.json --set-b params.partition=[conv3,conv4,conv5])\n"
           "  --unset-a key.path      remove an optional value of A only (--unset-b: of B), e.g.\n"
           "                          --unset-b params.partition gives B the optimiser's partition\n"
           "  --cycles N              stop both after N cycles of the module's clock (default: run to the end,\n"
           "                          or a session's own cycle)\n"
           "  --json                  print the comparison as JSON instead of aligned text\n"
           "Exit codes: 0 ok, 2 bad input (message on standard error). Reference checks are not applied.\n";
}

CompareOptions parseCompareOptions(const std::vector<std::string>& args) {
    CompareOptions o;
    for (size_t i = 0; i < args.size(); ++i) {
        if (takeOverrideOption(args, i, "-a", o.overridesA) || takeOverrideOption(args, i, "-b", o.overridesB)) continue;
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") o.help = true;
        else if (a == "--json") o.json = true;
        else if (a == "--cycles") o.cycles = parseCycleCount(optionValue(args, i));
        else if (!a.empty() && a[0] == '-') throw InputError("command line", a, "unknown option (see compare --help)");
        else if (o.pathA.empty()) o.pathA = a;
        else if (o.pathB.empty()) o.pathB = a;
        else throw InputError("command line", a, "compare takes exactly two files, A and B");
    }
    if (!o.help && o.pathB.empty())
        throw InputError("command line", "", "compare needs two files, A and B (see compare --help)");
    return o;
}

}  // namespace dfl
