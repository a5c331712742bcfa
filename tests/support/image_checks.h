// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Checks on rendered widgets and charts that can fail: a grab of a widget that painted nothing (or only its
// background) is still a valid, non-null image, so count its colours instead.

#include <QImage>

#include <set>

namespace dfl::test {

// Distinct colours among every `step`-th pixel of every `step`-th row: 1 for a blank image.
inline int distinctColours(const QImage& image, int step = 3) {
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += step)
        for (int x = 0; x < image.width(); x += step) colours.insert(image.pixel(x, y));
    return int(colours.size());
}

}  // namespace dfl::test
