// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What "Export all" writes, as plain data, so batch mode (no Qt GUI) can ask the GUI layer to do it:
// every chart of the scenario and a snapshot of each animated view at one cycle, named for slides, with an
// index; optionally the frames of a cycle range as numbered PNGs.

#include "core/scenario/scenario.h"
#include "core/sim/chart_spec.h"
#include "core/sim/clocked_model.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

// The most frames one export writes (checked with the other options, before anything is run or written).
inline constexpr std::int64_t kMaxExportFrames = 2000;

struct CycleRange {
    std::int64_t first = 0, last = 0;  // inclusive
};

struct ExportJob {
    Scenario scenario;             // what the views are rebuilt from (with every edit applied)
    std::int64_t cycle = 0;        // the moment the snapshots and the index show
    std::vector<ChartSpec> charts; // the model's charts at that cycle
    std::string directory;
    std::vector<std::string> chartFormats;  // png, svg, pdf, csv (empty: png)
    std::optional<CycleRange> frames;       // an animated sequence of the views, one PNG per cycle
    // The model already run to `cycle` (batch mode): the views show it as it is instead of rebuilding it from the
    // scenario and replaying — no module trains twice for a snapshot. The export takes it over (it may step it).
    // Null: rebuilt from `scenario` (the GUI, whose own model keeps running on its controller).
    std::shared_ptr<ClockedModel> model = nullptr;
    // The GUI's model state at `cycle` (its saveState()), when `model` is null: the rebuilt model loads it instead
    // of replaying to `cycle`, so a module that trains as it steps (convergence) does not train again for a
    // snapshot. Empty: rebuilt and replayed from cycle 0.
    std::optional<std::string> modelState = std::nullopt;
};

// Writes one export; throws InputError naming the file that could not be written. Supplied by the GUI layer.
using ExportWriter = std::function<void(const ExportJob& job)>;

}  // namespace dfl
