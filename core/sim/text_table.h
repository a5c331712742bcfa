// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Aligned plain-text tables for the terminal (sweep and compare print them): each line starts with one space,
// columns are separated by two spaces and padded to the widest cell, trailing blanks are trimmed.

#include <string>
#include <vector>

namespace dfl {

enum class Align { left, right };  // names and words left, numbers right

// One alignment per column; every row has exactly that many cells (the first row is usually the header).
std::string alignedTextTable(const std::vector<std::vector<std::string>>& rows, const std::vector<Align>& columns);

}  // namespace dfl
