// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Export all" (File menu, and batch `--out DIR --charts ...`): one folder a lecturer drops into slides.
//
//   01-<view>.png ...           a snapshot of each animated view of the module at the cycle
//   NN-<chart id>.<format> ...  every chart, in each requested format
//   frames/<view>-<cycle>.png   optionally, the views at each cycle of a range (an animated sequence)
//   index.md                    the scenario, the cycle, and every file with its title and caption
//
// The views run on a private SimulationController, offscreen and at a fixed size, so the GUI and batch mode produce
// the same pictures and a busy window is not disturbed. Batch mode hands over the model it has already run
// (ExportJob::model), shown at its cycle; the GUI's export rebuilds the model from the scenario and loads the
// window's model state into it (ExportJob::modelState): nothing is replayed or retrained.

#include "app/export_all_job.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>

namespace dfl {

class SimulationController;

struct ExportResult {
    QStringList files;  // every file written, relative to the folder, index.md last
    QString indexPath;
    // Cycles the export stepped its model to reach the moment: 0 when it was handed the model (batch) or its state
    // (the GUI); the whole way from 0 when a view records every cycle (the pipeline's space-time diagram).
    std::int64_t simulatedCycles = 0;
};

// Sees the export's private controller before its model is built, e.g. to show the build's progress and Cancel
// (building can take long: the tdnn module trains when it is built).
using ExportObserver = std::function<void(SimulationController& controller)>;

// Needs a QApplication (batch mode makes an offscreen one). Throws InputError naming what could not be done.
ExportResult exportAll(const ExportJob& job, QSize viewSize = {1600, 1000}, const ExportObserver& observe = {});

}  // namespace dfl
