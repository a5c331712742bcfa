// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The text a painted view drew in its last paint, and where: a test checks that no two pieces overlap, at every
// window size and presentation scale (issue 12: "Worker 4", "Parameter server" and "Worker 2" were drawn over
// each other, stage names over "F6 B1 U").

#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

class QFont;
class QPainter;

namespace dfl {

struct DrawnTextItem {
    QRectF box;  // widget coordinates: the part of the text's bounding box inside the rectangle it was given
    QString text;
    bool cut = false;  // the text needed more than its rectangle and was clipped (a title cut off at the edge)
};

class DrawnText {
public:
    void clear() { items_.clear(); }
    // QPainter::drawText(rect, flags, text), recording the box the text covers.
    void draw(QPainter& p, const QRectF& rect, int flags, const QString& text);
    // Something opaque was painted over `area` (in the painter's coordinates): the text under it is no longer seen
    // (a column of labels that stays put while the diagram scrolls under it).
    void cover(const QPainter& p, const QRectF& area);
    // Text drawn by someone else (a chart's items), at `box` in widget coordinates; `cut` when only part of it shows.
    void add(const QRectF& box, const QString& text, bool cut = false) {
        if (!text.trimmed().isEmpty() && !box.isEmpty()) items_.push_back({box, text, cut});
    }
    const std::vector<DrawnTextItem>& items() const { return items_; }

private:
    std::vector<DrawnTextItem> items_;
};

// Implemented by views that paint their own text (so a test can find them among the module's views).
class ExposesDrawnText {
public:
    virtual ~ExposesDrawnText() = default;
    virtual const DrawnText& drawnText() const = 0;
};

// The height `text` takes in `font` wrapped to `width` (the one measure the painters wrap their sentences by).
double wrappedTextHeight(const QFont& font, double width, const QString& text);

// "a" over "b" for each pair of items whose boxes overlap by more than `tolerance` pixels both ways.
QStringList overlappingText(const std::vector<DrawnTextItem>& items, double tolerance = 1.0);
// The items clipped by their rectangle by more than `tolerance` pixels (text that should have wrapped).
QStringList cutText(const std::vector<DrawnTextItem>& items);
// The items shortened to fit their room, ending in "..." or "…" ("Processing tim...", "Speed-…"; a chart's axis
// title or tick label left as "..."): Qt Charts elides where it has too little room, it never wraps.
QStringList elidedText(const std::vector<DrawnTextItem>& items);

}  // namespace dfl
