// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/batch_options.h"

#include "core/sim/input_error.h"

#include <QDir>
#include <QFileInfo>

#include <limits>

namespace dfl {

std::string batchUsage() {
    return "Usage: dataflow-lab batch SCENARIO|SESSION [--set key.path=value]... [--unset key.path]...\n"
           "                          [--cycles N] [--out DIR] [--charts png,svg,pdf,csv] [--frames FIRST:LAST]\n"
           "                          [--json] [--trace FILE.json] [--jobs N]\n"
           "       dataflow-lab compare A B [--set-a key.path=value]... [--set-b key.path=value]...\n"
           "                            [--unset-a key.path]... [--unset-b key.path]... [--cycles N] [--json]\n"
           "       dataflow-lab sweep SCENARIO|SESSION --vary key.path=v1,v2,... [--vary ...]... [--set ...]...\n"
           "                          [--unset ...]... [--cycles N] [--out DIR] [--json] [--jobs N]\n"
           "       dataflow-lab --help | --version\n"
           "\n"
           "batch runs a scenario (or a saved session, to its cycle) without a display and prints its summary.\n"
           "  --set key.path=value  override any scenario value, e.g. --set params.stages=8\n"
           "                        (lists: --set params.partition=[conv2,conv3,conv4])\n"
           "  --unset key.path      remove an optional value, e.g. --unset params.partition (the optimiser's\n"
           "                        partition); a parameter with a default takes it. Overrides apply in order.\n"
           "  --cycles N            stop after N cycles of the module's clock (default: run to the end)\n"
           "  --out DIR             write metrics.json, one CSV per table, every chart, a snapshot of each\n"
           "                        animated view and index.md into DIR (named in slide order)\n"
           "  --charts LIST         chart formats to write with --out (default: png)\n"
           "  --frames FIRST:LAST   with --out, also the views at each cycle of the range as numbered PNGs\n"
           "  --json                print metrics.json to standard output instead of the summary\n"
           "  --trace FILE.json     write the simulated timeline in the Trace Event Format (Perfetto UI,\n"
           "                        chrome://tracing): pipeline stages, CGRA layers and row blocks, NeuroTrainer\n"
           "                        phases and resources, the TDNN race\n"
           "  --jobs N              threads for a model's independent runs (default: one per core); results do\n"
           "                        not depend on N\n"
           "\n"
           "compare runs two configurations of one module and prints the parameters that differ and every\n"
           "summary figure with A, B, B - A and B / A (see dataflow-lab compare --help).\n"
           "sweep runs a scenario for every combination of the --vary values and prints one table, a row per\n"
           "point with every summary figure (see dataflow-lab sweep --help).\n"
           "Reference checks: pass, fail, not-reproduced (the scenario documents why; shown with its reason) or\n"
           "inconsistent-source (the source contradicts itself; the reason shows the arithmetic).\n"
           "Exit codes: 0 ok (no check failed), 1 a reference check failed, 2 bad input (message on standard error).\n";
}

const std::string& optionValue(const std::vector<std::string>& args, size_t& i) {
    if (i + 1 >= args.size()) throw InputError("command line", args[i], "expects a value");
    return args[++i];
}

std::int64_t parseCount(const std::string& option, const std::string& value, std::int64_t min, std::int64_t max) {
    try {
        size_t used = 0;
        const long long n = std::stoll(value, &used);
        if (used != value.size() || n < min || n > max) throw std::invalid_argument(value);
        return n;
    } catch (const std::exception&) {
        throw InputError("command line", option + " " + value,
                         min == 0 && max == std::numeric_limits<std::int64_t>::max()
                             ? std::string("expected a non-negative integer")
                             : "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
}

std::int64_t parseCycleCount(const std::string& value) { return parseCount("--cycles", value); }

bool takeOverrideOption(const std::vector<std::string>& args, size_t& i, const std::string& suffix,
                        std::vector<Override>& overrides) {
    for (const bool unset : {false, true}) {
        const std::string option = (unset ? "--unset" : "--set") + suffix;
        std::string text;
        if (args[i] == option) text = optionValue(args, i);
        else if (args[i].rfind(option + "=", 0) == 0) text = args[i].substr(option.size() + 1);
        else continue;
        try {
            overrides.push_back(unset ? parseUnset(text) : parseOverride(text));
        } catch (const InputError& e) {
            throw InputError("command line", option + " " + text, e.reason());
        }
        return true;
    }
    return false;
}

namespace {

// Checked before anything runs or is written: a .json name in a folder that exists.
std::string checkedTracePath(const std::string& path) {
    const QFileInfo file(QString::fromStdString(path));
    if (path.empty() || file.suffix().toLower() != "json")
        throw InputError("command line", "--trace " + path, "expected a file name ending in .json");
    if (file.isDir()) throw InputError("command line", "--trace " + path, "is a folder");
    if (!file.absoluteDir().exists())
        throw InputError("command line", "--trace " + path, "the folder " + file.absolutePath().toStdString() + " does not exist");
    return path;
}

}  // namespace

BatchOptions parseBatchOptions(const std::vector<std::string>& args) {
    BatchOptions o;
    auto needValue = [&](size_t& i) -> const std::string& { return optionValue(args, i); };
    for (size_t i = 0; i < args.size(); ++i) {
        if (takeOverrideOption(args, i, "", o.overrides)) continue;
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") o.help = true;
        else if (a == "--version") o.version = true;
        else if (a == "--json") o.json = true;
        else if (a == "--jobs") o.jobs = int(parseCount("--jobs", needValue(i), 1, 256));
        else if (a == "--out") {
            o.outDir = needValue(i);
            if (o.outDir.empty()) throw InputError("command line", "--out", "expects a folder, not an empty string");
        }
        else if (a == "--trace") o.tracePath = checkedTracePath(needValue(i));
        else if (a == "--cycles") o.cycles = parseCycleCount(needValue(i));
        else if (a == "--charts") {
            const std::string& v = needValue(i);
            size_t start = 0;
            while (start <= v.size()) {
                const size_t comma = v.find(',', start);
                const std::string f = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (f != "png" && f != "svg" && f != "pdf" && f != "csv")
                    throw InputError("command line", "--charts " + v, "unknown chart format '" + f + "' (png, svg, pdf, csv)");
                o.chartFormats.push_back(f);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (a == "--frames") {
            const std::string& v = needValue(i);
            const auto colon = v.find(':');
            try {
                if (colon == std::string::npos) throw std::invalid_argument(v);
                size_t used1 = 0, used2 = 0;
                const std::string a1 = v.substr(0, colon), a2 = v.substr(colon + 1);
                const long long first = std::stoll(a1, &used1), last = std::stoll(a2, &used2);
                if (used1 != a1.size() || used2 != a2.size() || first < 0 || last < first) throw std::invalid_argument(v);
                o.frames = CycleRange{first, last};
            } catch (const std::exception&) {
                throw InputError("command line", "--frames " + v, "expected FIRST:LAST with 0 <= FIRST <= LAST");
            }
            if (o.frames->last - o.frames->first >= kMaxExportFrames)
                throw InputError("command line", "--frames " + v,
                                 "at most " + std::to_string(kMaxExportFrames) + " frames per export");
        } else if (!a.empty() && a[0] == '-') {
            throw InputError("command line", a, "unknown option (see --help)");
        } else if (o.scenarioPath.empty()) {
            o.scenarioPath = a;
        } else {
            throw InputError("command line", a, "only one scenario file may be given");
        }
    }
    if (!o.help && !o.version && o.scenarioPath.empty())
        throw InputError("command line", "", "no scenario file given (see --help)");
    if (!o.chartFormats.empty() && o.outDir.empty())
        throw InputError("command line", "--charts", "needs --out DIR to write into");
    if (o.frames && o.outDir.empty()) throw InputError("command line", "--frames", "needs --out DIR to write into");
    return o;
}

}  // namespace dfl
