// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/drawn_text.h"

#include <QPainter>

namespace dfl {

void DrawnText::draw(QPainter& p, const QRectF& rect, int flags, const QString& text) {
    QRectF bound;
    p.drawText(rect, flags, text, &bound);
    if (text.trimmed().isEmpty()) return;
    // drawText clips to `rect`; what is cut off covers nothing.
    const QRectF shown = (flags & Qt::TextDontClip) ? bound : bound.intersected(rect);
    if (!shown.isEmpty()) items_.push_back({p.transform().mapRect(shown), text});
}

QStringList overlappingText(const std::vector<DrawnTextItem>& items, double tolerance) {
    QStringList out;
    for (size_t i = 0; i < items.size(); ++i)
        for (size_t j = i + 1; j < items.size(); ++j) {
            const QRectF both = items[i].box.intersected(items[j].box);
            if (both.width() > tolerance && both.height() > tolerance)
                out << QString("\"%1\" over \"%2\"").arg(items[i].text, items[j].text);
        }
    return out;
}

}  // namespace dfl
