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
// (ExportJob::model), shown at its cycle; the GUI's export rebuilds the model from the scenario and replays it.

#include "app/export_all_job.h"

#include <QSize>
#include <QString>
#include <QStringList>

namespace dfl {

struct ExportResult {
    QStringList files;  // every file written, relative to the folder, index.md last
    QString indexPath;
};

// Needs a QApplication (batch mode makes an offscreen one). Throws InputError naming what could not be done.
ExportResult exportAll(const ExportJob& job, QSize viewSize = {1600, 1000});

}  // namespace dfl
