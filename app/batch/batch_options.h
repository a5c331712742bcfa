// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The batch command line (docs/architecture.md "Batch mode"), parsed without any Qt GUI dependency.

#include "app/export_all_job.h"
#include "core/scenario/scenario.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

struct BatchOptions {
    std::string scenarioPath;
    std::vector<Override> overrides;
    std::optional<std::int64_t> cycles;
    std::string outDir;
    std::vector<std::string> chartFormats;  // png, svg, pdf, csv
    std::optional<CycleRange> frames;       // --frames FIRST:LAST, the views as numbered PNGs
    std::string tracePath;                  // --trace FILE.json: the timeline (core/sim/trace.h)
    bool json = false;
    int jobs = 0;  // --jobs N: threads for a model's independent runs (0: one per core)
    bool help = false;
    bool version = false;
};

// Shared by the batch, compare and sweep command lines. The value after the option at args[i] (i moves onto it);
// throws InputError("command line", option, "expects a value") when there is none.
const std::string& optionValue(const std::vector<std::string>& args, size_t& i);
// An integer option's value from min to max, else InputError("command line", "OPTION VALUE", the range).
std::int64_t parseCount(const std::string& option, const std::string& value, std::int64_t min = 0,
                        std::int64_t max = std::numeric_limits<std::int64_t>::max());
// --cycles N: a non-negative integer, else InputError.
std::int64_t parseCycleCount(const std::string& value);
// --set key.path=value and --unset key.path (or --set=key.path=value, --unset=key.path), the option names ending
// in `suffix` ("-a" for compare's --set-a and --unset-a). When args[i] is one of them, appends its Override in
// command-line order (they apply in that order), moves i past its value and returns true. A malformed one throws
// InputError("command line", "OPTION TEXT", reason).
bool takeOverrideOption(const std::vector<std::string>& args, size_t& i, const std::string& suffix,
                        std::vector<Override>& overrides);

// args excludes the program name and the word "batch". Throws InputError("command line", arg, reason).
BatchOptions parseBatchOptions(const std::vector<std::string>& args);
std::string batchUsage();

}  // namespace dfl
