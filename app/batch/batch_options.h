#pragma once
// The batch command line (DESIGN.md "Batch mode"), parsed without any Qt GUI dependency.

#include "app/export_all_job.h"
#include "core/scenario/scenario.h"

#include <cstdint>
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
    bool json = false;
    bool help = false;
    bool version = false;
};

// args excludes the program name and the word "batch". Throws InputError("command line", arg, reason).
BatchOptions parseBatchOptions(const std::vector<std::string>& args);
std::string batchUsage();

}  // namespace dfl
