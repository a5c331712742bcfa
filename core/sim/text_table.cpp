// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/text_table.h"

#include <algorithm>
#include <sstream>

namespace dfl {

namespace {

// Columns are padded by characters, not bytes: units such as "×" or "µs" and values such as "−" take more than
// one byte in UTF-8. Counting the bytes that start a character is enough for the text these tables hold.
size_t displayWidth(const std::string& text) {
    const auto startsCharacter = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
    return size_t(std::count_if(text.begin(), text.end(), startsCharacter));
}

}  // namespace

std::string alignedTextTable(const std::vector<std::vector<std::string>>& rows, const std::vector<Align>& columns) {
    std::vector<size_t> widths(columns.size(), 0);
    for (const auto& row : rows)
        for (size_t c = 0; c < widths.size(); ++c) widths[c] = std::max(widths[c], displayWidth(row.at(c)));
    std::ostringstream out;
    for (const auto& row : rows) {
        std::string line = " ";
        for (size_t c = 0; c < widths.size(); ++c) {
            const std::string pad(widths[c] - displayWidth(row.at(c)), ' ');
            line += "  " + (columns[c] == Align::right ? pad + row[c] : row[c] + pad);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << "\n";
    }
    return out.str();
}

}  // namespace dfl
