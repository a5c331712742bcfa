// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which animated views a module has. The main window asks for the current scenario's module and makes one dock
// per entry; a module engineer adds one line per view in module_view_registry.cpp. What a view is given when it is
// made is in module_view_context.h, which the views include instead of this list.

#include "views/module_view_context.h"

#include <QString>

#include <functional>
#include <string>
#include <vector>

class QWidget;

namespace dfl {

struct ModuleViewFactory {
    std::string dockTitle;  // also the dock's object name (saved window layout), so keep it stable
    std::function<QWidget*(const ModuleViewContext& context, QWidget* parent)> create;
};

// The module's views in display order; empty for modules without one (e.g. "network").
std::vector<ModuleViewFactory> moduleViews(const std::string& module);

}  // namespace dfl
