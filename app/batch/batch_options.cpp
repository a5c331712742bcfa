#include "app/batch/batch_options.h"

#include "core/sim/input_error.h"

namespace dfl {

std::string batchUsage() {
    return "Usage: dataflow-lab batch SCENARIO|SESSION [--set key.path=value]... [--cycles N] [--out DIR]\n"
           "                          [--charts png,svg,pdf,csv] [--frames FIRST:LAST] [--json]\n"
           "       dataflow-lab --help | --version\n"
           "\n"
           "Runs a scenario (or a saved session, to its cycle) without a display and prints its summary.\n"
           "  --set key.path=value  override any scenario value, e.g. --set params.stages=8\n"
           "                        (lists: --set params.partition=[conv2,conv3,conv4])\n"
           "  --cycles N            stop after N cycles of the module's clock (default: run to the end)\n"
           "  --out DIR             write metrics.json, one CSV per table, every chart, a snapshot of each\n"
           "                        animated view and index.md into DIR (named in slide order)\n"
           "  --charts LIST         chart formats to write with --out (default: png)\n"
           "  --frames FIRST:LAST   with --out, also the views at each cycle of the range as numbered PNGs\n"
           "  --json                print metrics.json to standard output instead of the summary\n"
           "Exit codes: 0 ok, 1 a reference check failed, 2 bad input (message on standard error).\n";
}

BatchOptions parseBatchOptions(const std::vector<std::string>& args) {
    BatchOptions o;
    auto needValue = [&](size_t& i) -> const std::string& {
        if (i + 1 >= args.size()) throw InputError("command line", args[i], "expects a value");
        return args[++i];
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") o.help = true;
        else if (a == "--version") o.version = true;
        else if (a == "--json") o.json = true;
        else if (a == "--set") o.overrides.push_back(parseOverride(needValue(i)));
        else if (a.rfind("--set=", 0) == 0) o.overrides.push_back(parseOverride(a.substr(6)));
        else if (a == "--out") o.outDir = needValue(i);
        else if (a == "--cycles") {
            const std::string& v = needValue(i);
            try {
                size_t used = 0;
                const long long n = std::stoll(v, &used);
                if (used != v.size() || n < 0) throw std::invalid_argument(v);
                o.cycles = n;
            } catch (const std::exception&) {
                throw InputError("command line", "--cycles " + v, "expected a non-negative integer");
            }
        } else if (a == "--charts") {
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
