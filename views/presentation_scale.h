// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Who needs to redraw when the presentation scale (palette.h) changes. The scale itself is a plain value read at
// paint time; widgets that cache sizes (a QChart keeps its fonts and pens) connect here to rebuild.

#include <QObject>

namespace dfl {

class PresentationScaleNotifier : public QObject {
    Q_OBJECT
signals:
    void scaleChanged(double scale);  // emitted by setPresentationScale when the value really changes
};

// The process-wide notifier (GUI thread), as process-wide as the scale it announces.
PresentationScaleNotifier& presentationScaleNotifier();

}  // namespace dfl
