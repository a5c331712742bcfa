// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Widgets that operate a view (its buttons, a selector, a hint on how to drag) rather than show the model.
// "Export all" leaves them out of the view's snapshot: a slide shows the picture, not the buttons (issue 12).

#include <QVariant>
#include <QWidget>

namespace dfl {

inline void markAsViewControl(QWidget* widget) { widget->setProperty("dfl.viewControl", true); }
inline bool isViewControl(const QWidget* widget) { return widget->property("dfl.viewControl").toBool(); }

}  // namespace dfl
