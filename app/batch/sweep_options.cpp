// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/sweep_options.h"

#include "app/batch/batch_options.h"
#include "core/sim/input_error.h"

namespace dfl {

std::string sweepUsage() {
    return "Usage: dataflow-lab sweep SCENARIO|SESSION --vary key.path=v1,v2,... [--vary key.path=a,b,...]...\n"
           "                          [--set key.path=value]... [--unset key.path]... [--cycles N] [--out DIR]\n"
           "                          [--json] [--jobs N] [--plan DIR]\n"
           "       dataflow-lab sweep --collect DIR [--json]\n"
           "\n"
           "Runs the scenario once for every combination of the --vary values (the first --vary is the outermost\n"
           "loop), each point exactly as batch would, and prints one table: a row per point with its values,\n"
           "every summary figure and, when the scenario has references, the point's reference status\n"
           "(fail, not-reproduced, inconsistent-source or pass: the most telling of its checks).\n"
           "  --vary key.path=LIST  values for one key, in --set's syntax, separated by commas outside [] {} and\n"
           "                        \"...\": --vary params.stages=2,3,4  --vary params.partition=[conv2,fc3],[fc3]\n"
           "  --set key.path=value  fix a value for every point, e.g. --set params.batch=16\n"
           "  --unset key.path      remove an optional value for every point (applied before the varied ones):\n"
           "                        --unset params.partition --vary params.stages=2,3,4\n"
           "  --cycles N            stop every point after N cycles of the module's clock (default: the end)\n"
           "  --out DIR             also write DIR/sweep.csv and each point's metrics.json and table CSVs in\n"
           "                        DIR/01, DIR/02, ... (the table's point column)\n"
           "  --json                print the table as JSON (metrics.json's shape, table \"sweep\") instead\n"
           "  --jobs N              run N points at once in threads (default 1); results do not depend on N\n"
           "  --plan DIR            run nothing: write DIR/jobs.txt (one dataflow-lab batch command per point,\n"
           "                        for GNU parallel: parallel < DIR/jobs.txt), DIR/sweep.sbatch (a Slurm job\n"
           "                        array: sbatch DIR/sweep.sbatch) and DIR/plan.json; DIR must be new or empty\n"
           "  --collect DIR         once the jobs have run: print (and write DIR/sweep.csv) exactly what the\n"
           "                        sweep would have, or name every point that is missing or failed (exit 2)\n"
           "Every point's scenario is read and checked before any point runs; a check that needs the model\n"
           "(a partition that does not fit params.stages) stops the sweep when its point runs, naming it.\n"
           "Exit codes: 0 ok, 1 a point failed a reference check, 2 bad input (message on standard error).\n";
}

std::vector<std::string> splitVaryValues(const std::string& list, const std::string& option) {
    auto trimmed = [](const std::string& s) {
        const auto first = s.find_first_not_of(" \t"), last = s.find_last_not_of(" \t");
        return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
    };
    if (trimmed(list).empty()) throw InputError("command line", option, "empty list of values");
    std::vector<std::string> values;
    int depth = 0;
    bool quoted = false, escaped = false;
    size_t start = 0;
    auto cut = [&](size_t end) {
        const std::string value = trimmed(list.substr(start, end - start));
        if (value.empty())
            throw InputError("command line", option, "value " + std::to_string(values.size() + 1) + " is empty");
        values.push_back(value);
        start = end + 1;
    };
    for (size_t i = 0; i < list.size(); ++i) {
        const char c = list[i];
        if (quoted) {  // JSON string: a backslash escapes the next character, a quote ends it
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth < 0) throw InputError("command line", option, "a closing bracket has no opening one");
        } else if (c == ',' && depth == 0) {
            cut(i);
        }
    }
    if (quoted) throw InputError("command line", option, "a quote is not closed");
    if (depth > 0) throw InputError("command line", option, "a bracket is not closed");
    cut(list.size());
    return values;
}

namespace {

VariedKey parseVary(const std::string& assignment) {
    const std::string option = "--vary " + assignment;
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("command line", option, "expected key.path=v1,v2,...");
    return {assignment.substr(0, eq), splitVaryValues(assignment.substr(eq + 1), option)};
}

void requireEachKeyOnce(const SweepOptions& o) {
    for (size_t k = 0; k < o.varied.size(); ++k) {
        const std::string& key = o.varied[k].keyPath;
        for (size_t j = 0; j < k; ++j)
            if (o.varied[j].keyPath == key) throw InputError("command line", "--vary " + key, "varied twice");
        for (const Override& ov : o.overrides)
            if (ov.keyPath == key)
                throw InputError("command line", "--vary " + key,
                                 ov.value ? "also fixed by --set: a key is either varied or set"
                                          : "also removed by --unset: a key is either varied or removed");
    }
}

}  // namespace

SweepOptions parseSweepOptions(const std::vector<std::string>& args) {
    SweepOptions o;
    for (size_t i = 0; i < args.size(); ++i) {
        if (takeOverrideOption(args, i, "", o.overrides)) continue;
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") o.help = true;
        else if (a == "--json") o.json = true;
        else if (a == "--vary") o.varied.push_back(parseVary(optionValue(args, i)));
        else if (a.rfind("--vary=", 0) == 0) o.varied.push_back(parseVary(a.substr(7)));
        else if (a == "--cycles") o.cycles = parseCycleCount(optionValue(args, i));
        else if (a == "--out") o.outDir = optionValue(args, i);
        else if (a == "--jobs") o.jobs = int(parseCount("--jobs", optionValue(args, i), 1, 256));
        else if (a == "--plan") o.planDir = optionValue(args, i);
        else if (a == "--collect") o.collectDir = optionValue(args, i);
        else if (!a.empty() && a[0] == '-') throw InputError("command line", a, "unknown option (see sweep --help)");
        else if (o.scenarioPath.empty()) o.scenarioPath = a;
        else throw InputError("command line", a, "only one scenario file may be given");
    }
    if (o.help) return o;
    if (!o.collectDir.empty()) {  // everything else comes from the plan
        if (!o.scenarioPath.empty() || !o.varied.empty() || !o.overrides.empty() || o.cycles || !o.outDir.empty() ||
            o.jobs != 1 || !o.planDir.empty())
            throw InputError("command line", "--collect", "takes only DIR and --json: the plan in DIR says the rest");
        return o;
    }
    if (!o.planDir.empty() && (!o.outDir.empty() || o.json || o.jobs != 1))
        throw InputError("command line", "--plan", "runs nothing, so --out, --json and --jobs do not apply");
    if (o.scenarioPath.empty()) throw InputError("command line", "", "no scenario file given (see sweep --help)");
    if (o.varied.empty()) throw InputError("command line", "", "nothing to sweep: give at least one --vary key.path=v1,v2,...");
    requireEachKeyOnce(o);
    return o;
}

}  // namespace dfl
