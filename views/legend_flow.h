// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A legend painted inside a view's own canvas: swatch-and-text entries flowing left to right that wrap onto a new
// row instead of running off the canvas (presentation fonts are 1.8x as wide). The CGRA array view introduced the
// layout; views drawing their own legend share it from here.

#include "views/drawn_text.h"

#include <QColor>
#include <QFontMetricsF>
#include <QPainter>
#include <QPointF>
#include <QString>

#include <vector>

namespace dfl {

struct LegendEntry {
    QColor color;  // invalid: text only (a note after the swatches)
    QString text;
};

namespace legend_flow {
inline double rowHeight(const QFontMetricsF& fm) { return fm.height() * 1.4; }
inline double swatchSide(const QFontMetricsF& fm) { return fm.height() * 0.8; }
inline double entryWidth(const LegendEntry& e, const QFontMetricsF& fm) {
    return (e.color.isValid() ? swatchSide(fm) + 4 : 0) + fm.horizontalAdvance(e.text);
}
}  // namespace legend_flow

// Where each entry starts, relative to (left, 0), when the entries flow between `left` and `right`.
inline std::vector<QPointF> flowLegend(const std::vector<LegendEntry>& entries, const QFont& font, double left, double right) {
    const QFontMetricsF fm(font);
    const double gap = fm.height();
    std::vector<QPointF> at;
    double x = left, y = 0;
    for (const LegendEntry& e : entries) {
        const double w = legend_flow::entryWidth(e, fm);
        if (x > left && x + w > right) {
            x = left;
            y += legend_flow::rowHeight(fm);
        }
        at.emplace_back(x, y);
        x += w + gap;
    }
    return at;
}

// The height the flowed legend takes between `left` and `right`.
inline double flowLegendHeight(const std::vector<LegendEntry>& entries, const QFont& font, double left, double right) {
    const std::vector<QPointF> at = flowLegend(entries, font, left, right);
    return at.empty() ? 0 : at.back().y() + legend_flow::rowHeight(QFontMetricsF(font));
}

// Paints the legend with its first row at `top` (recording its text in `text` when given).
inline void paintFlowLegend(QPainter& p, const std::vector<LegendEntry>& entries, const QFont& font, double left,
                            double top, double right, DrawnText* text = nullptr) {
    const QFontMetricsF fm(font);
    const double rowH = legend_flow::rowHeight(fm), box = legend_flow::swatchSide(fm);
    const std::vector<QPointF> at = flowLegend(entries, font, left, right);
    p.setFont(font);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        double x = at[i].x();
        const double y = top + at[i].y();
        if (entries[i].color.isValid()) {
            p.setPen(Qt::NoPen);
            p.setBrush(entries[i].color);
            p.drawRect(QRectF(x, y + (rowH - box) / 2, box, box));
            x += box + 4;
        }
        p.setPen(Qt::black);
        const QRectF box(x, y, fm.horizontalAdvance(entries[i].text) + 4, rowH);
        if (text) text->draw(p, box, Qt::AlignVCenter, entries[i].text);
        else p.drawText(box, Qt::AlignVCenter, entries[i].text);
    }
}

}  // namespace dfl
