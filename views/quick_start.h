// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Help → Quick Start (F1 from any view): for the open module, what to watch and three things to try.

#include <QString>

#include <string>

namespace dfl {

struct QuickStart {
    QString title;
    QString watch;      // what the module's views show, and what to look at first
    QString tryThese[3];  // three experiments, each a sentence with what to do and what to expect
};

// The module's quick start; a general one for a module without its own.
QuickStart quickStart(const std::string& module);
// As rich text for a dialog.
QString quickStartHtml(const std::string& module);

}  // namespace dfl
