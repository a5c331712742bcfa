// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A table beside a view's canvas at the presentation scale (palette.h): its cells, its column headers (which
// keep the style's smaller font otherwise) and its row height. Views call it again when the scale changes
// (presentation_scale.h), since a widget keeps the font it was given.

#include "views/palette.h"

#include <QFontMetricsF>
#include <QHeaderView>
#include <QTableView>

namespace dfl {

inline void applyScaledTableFont(QTableView* table, double pointsAtScaleOne) {
    table->setFont(scaledFont(pointsAtScaleOne));
    table->horizontalHeader()->setFont(scaledFont(pointsAtScaleOne));
    table->verticalHeader()->setFont(scaledFont(pointsAtScaleOne));
    table->verticalHeader()->setDefaultSectionSize(int(QFontMetricsF(table->font()).height() * 1.35));
    table->resizeColumnsToContents();
}

}  // namespace dfl
