// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The GUI entry points main() uses when the app is built with the GUI (DFL_WITH_GUI).

#include "app/batch/batch_runner.h"

namespace dfl {

// `dataflow-lab [SCENARIO|SESSION] [--presentation] [--screenshot FILE [--size WxH]]`: the main window on SCENARIO
// or a saved session (default: an autosave left by a run that did not close normally, if the user wants it back,
// else the last scenario). --presentation starts in presentation mode; --screenshot saves the window once the
// scenario is shown and quits (used for the docs).
int runGui(int argc, char** argv);

// Batch mode's "export all" (app/export_all.h). Qt allows one application object per process and main() makes a
// QCoreApplication when none exists, so this creates a QApplication on the offscreen platform right away (no
// display needed) and keeps it alive for as long as the returned writer lives.
ExportWriter offscreenExportWriter(int& argc, char** argv);

}  // namespace dfl
