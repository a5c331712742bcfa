// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/module_view_registry.h"

#include <map>

// view headers: one include per module view
#include "views/neurotrainer/nt_cube_view.h"
#include "views/neurotrainer/nt_programs_view.h"
#include "views/cgra/cgra_array_view.h"
#include "views/pipeline/data_movement_view.h"
#include "views/pipeline/partition_editor_view.h"
#include "views/pipeline/schedule_view.h"
#include "views/pipeline/space_time_view.h"
#include "views/tdnn/race_view.h"
#include "views/convergence/convergence_view.h"

namespace dfl {

std::vector<ModuleViewFactory> moduleViews(const std::string& module) {
    // One line per view: {"module", {"Dock title", [](const ModuleViewContext& c, QWidget* p) -> QWidget* {...}}}
    static const std::multimap<std::string, ModuleViewFactory> registry = {
        {"convergence", {"Convergence", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new ConvergenceView(c, p); }}},
        {"tdnn", {"TDNN race", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new RaceView(c, p); }}},
        {"neurotrainer", {"NeuroTrainer cube", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new NtCubeView(c, p); }}},
        {"neurotrainer", {"NeuroTrainer programs", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new NtProgramsView(c, p); }}},
        {"cgra", {"CGRA array", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new CgraArrayView(c, p); }}},
        {"pipeline", {"Pipeline space-time", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new PipelineSpaceTimeView(c, p); }}},
        {"pipeline", {"Pipeline partition", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new PartitionEditorView(c, p); }}},
        {"pipeline", {"Pipeline data movement", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new DataMovementView(c, p); }}},
        {"pipeline", {"Pipeline schedule", [](const ModuleViewContext& c, QWidget* p) -> QWidget* { return new PipelineScheduleView(c, p); }}},
    };
    std::vector<ModuleViewFactory> views;
    const auto [first, last] = registry.equal_range(module);
    for (auto it = first; it != last; ++it) views.push_back(it->second);
    return views;
}

}  // namespace dfl
