// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a hover explains what, collected while a view paints (issue 12, "explain every number"): the painter adds a
// rectangle and its tooltip for every cell, PE, vault, bus beat or figure it draws, and the view's event() shows the
// tip under the mouse. Tests read `at()` directly, offscreen.

#include <QEvent>
#include <QHelpEvent>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QToolTip>
#include <QWidget>

#include <utility>
#include <vector>

namespace dfl {

class HoverTips {
public:
    void clear() { areas_.clear(); }
    void add(const QRectF& area, const QString& tip) { areas_.push_back({QPainterPath(), area, tip}); }
    void add(const QPainterPath& shape, const QString& tip) { areas_.push_back({shape, shape.boundingRect(), tip}); }
    // The tip of the last area added that contains `at` (the last drawn is on top); empty: nothing there.
    QString at(QPointF point) const {
        for (auto it = areas_.rbegin(); it != areas_.rend(); ++it)
            if (it->box.contains(point) && (it->shape.isEmpty() || it->shape.contains(point))) return it->tip;
        return {};
    }
    bool empty() const { return areas_.empty(); }
    // For a view's event(): shows or hides the tip of a QEvent::ToolTip; false for any other event.
    bool handle(QWidget* view, QEvent* event) const {
        if (event->type() != QEvent::ToolTip) return false;
        const auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = at(help->pos());
        if (tip.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), tip, view);
        return true;
    }

private:
    struct Area {
        QPainterPath shape;  // empty: the box itself
        QRectF box;
        QString tip;
    };
    std::vector<Area> areas_;
};

}  // namespace dfl
