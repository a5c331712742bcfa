// SPDX-License-Identifier: GPL-3.0-or-later
// dataflow-lab: the GUI on a scenario, or `dataflow-lab batch ...` / `compare ...` / `sweep ...` headless.
// With no display, the GUI command falls back to running the default scenario in batch mode.

#include "app/batch/batch_runner.h"
#include "app/batch/compare_runner.h"
#include "app/batch/sweep_runner.h"
#include "app/huge_page_heap.h"
#include "app/paths.h"

#include <QCoreApplication>

#include <iostream>
#include <string>
#include <vector>

#ifdef DFL_WITH_GUI
#include "app/gui_main.h"
#endif

namespace {

bool hasDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

}  // namespace

int main(int argc, char** argv) {
    dfl::restartWithHugePageHeap(argv);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args.front() == "compare") {  // numbers only: no charts, so no GUI application
        QCoreApplication app(argc, argv);
        return dfl::runCompareCommand({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    if (!args.empty() && args.front() == "sweep") {  // a table of numbers: no GUI application either
        QCoreApplication app(argc, argv);
        return dfl::runSweepCommand({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    const bool batch = !args.empty() && args.front() == "batch";
    const bool infoOnly = !args.empty() && (args.front() == "--help" || args.front() == "-h" || args.front() == "--version");
    if (batch || infoOnly || !hasDisplay()) {
        if (batch) args.erase(args.begin());
        dfl::ExportWriter exportAll;
#ifdef DFL_WITH_GUI
        exportAll = dfl::offscreenExportWriter(argc, argv);
#endif
        QCoreApplication* app = QCoreApplication::instance();
        std::unique_ptr<QCoreApplication> ownApp;
        if (!app) ownApp = std::make_unique<QCoreApplication>(argc, argv);
        if (!batch && !infoOnly) {
            std::cerr << "dataflow-lab: no display; running the default scenario in batch mode\n";
            args.insert(args.begin(), dfl::defaultScenarioPath());
        }
        return dfl::runBatchCommand(args, std::cout, std::cerr, exportAll);
    }
#ifdef DFL_WITH_GUI
    return dfl::runGui(argc, argv);
#else
    std::cerr << "dataflow-lab: built without the GUI; use 'dataflow-lab batch SCENARIO'\n";
    return 2;
#endif
}
