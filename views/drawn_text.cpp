// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/drawn_text.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace dfl {

void DrawnText::draw(QPainter& p, const QRectF& rect, int flags, const QString& text) {
    QRectF bound;
    p.drawText(rect, flags, text, &bound);
    if (text.trimmed().isEmpty()) return;
    // drawText clips to `rect`; what is cut off covers nothing.
    const QRectF shown = (flags & Qt::TextDontClip) ? bound : bound.intersected(rect);
    constexpr double Tolerance = 1.5;  // rounding of glyph boxes
    const bool cut = !(flags & Qt::TextDontClip) && (bound.width() > shown.width() + Tolerance || bound.height() > shown.height() + Tolerance);
    if (!shown.isEmpty()) items_.push_back({p.transform().mapRect(shown), text, cut});
}

void DrawnText::cover(const QPainter& p, const QRectF& area) {
    const QRectF covered = p.transform().mapRect(area);
    std::vector<DrawnTextItem> kept;
    for (DrawnTextItem& item : items_) {
        QRectF& b = item.box;
        if (!covered.intersects(b)) {
            kept.push_back(item);
            continue;
        }
        // What stays visible: the part left or right of a cover as tall as the text, above or below one as wide.
        if (covered.top() <= b.top() && covered.bottom() >= b.bottom()) {
            if (covered.left() > b.left()) b.setRight(std::min(b.right(), covered.left()));
            else if (covered.right() < b.right()) b.setLeft(std::max(b.left(), covered.right()));
            else continue;
        } else if (covered.left() <= b.left() && covered.right() >= b.right()) {
            if (covered.top() > b.top()) b.setBottom(std::min(b.bottom(), covered.top()));
            else if (covered.bottom() < b.bottom()) b.setTop(std::max(b.top(), covered.bottom()));
            else continue;
        }
        kept.push_back(item);
    }
    items_ = std::move(kept);
}

double wrappedTextHeight(const QFont& font, double width, const QString& text) {
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, std::max(1.0, width), 1e6), Qt::TextWordWrap, text).height();
}

namespace {
QString where(const QRectF& r) {
    return QString("%1,%2 %3x%4").arg(r.x(), 0, 'f', 0).arg(r.y(), 0, 'f', 0).arg(r.width(), 0, 'f', 0).arg(r.height(), 0, 'f', 0);
}
}  // namespace

QStringList overlappingText(const std::vector<DrawnTextItem>& items, double tolerance) {
    QStringList out;
    for (size_t i = 0; i < items.size(); ++i)
        for (size_t j = i + 1; j < items.size(); ++j) {
            const QRectF both = items[i].box.intersected(items[j].box);
            if (both.width() > tolerance && both.height() > tolerance)
                out << QString("\"%1\" [%2] over \"%3\" [%4]").arg(items[i].text, where(items[i].box), items[j].text, where(items[j].box));
        }
    return out;
}

QStringList cutText(const std::vector<DrawnTextItem>& items) {
    QStringList cut;
    for (const DrawnTextItem& item : items)
        if (item.cut) cut << "'" + item.text + "' cut off";
    return cut;
}

QStringList elidedText(const std::vector<DrawnTextItem>& items) {
    QStringList out;
    for (const DrawnTextItem& item : items)
        if (const QString t = item.text.trimmed(); t.endsWith(QLatin1String("...")) || t.endsWith(QChar(0x2026)))
            out << "'" + item.text + "' elided";
    return out;
}

}  // namespace dfl
