// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/palette.h"

#include "views/presentation_scale.h"

#include <QGuiApplication>
#include <QPalette>
#include <QWidget>

namespace dfl::palette {

QColor color(SeriesRole role) {
    switch (role) {
    case SeriesRole::Forward: return forward;
    case SeriesRole::Backward: return backward;
    case SeriesRole::Update: return update;
    case SeriesRole::Idle: return idle;
    case SeriesRole::Selected: return selected;
    case SeriesRole::Reference: return reference;
    case SeriesRole::Other1: return orange;
    case SeriesRole::Other2: return skyBlue;
    case SeriesRole::Other3: return reddishPurple;
    case SeriesRole::Other4: return QColor(0x56, 0x56, 0x56);  // dark grey: distinct from idle grey
    }
    return orange;
}

QColor textOn(const QColor& background) {
    // Relative luminance (sRGB approximation) against the mid point.
    const double l = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return l > 0.5 ? QColor(Qt::black) : QColor(Qt::white);
}

}  // namespace dfl::palette

namespace dfl {

namespace {
double g_scale = 1.0;
}

double presentationScale() { return g_scale; }
PresentationScaleNotifier& presentationScaleNotifier() {
    static PresentationScaleNotifier notifier;
    return notifier;
}

void setPresentationScale(double scale) {
    const double clamped = scale < 0.5 ? 0.5 : (scale > 4 ? 4 : scale);
    if (clamped == g_scale) return;
    g_scale = clamped;
    emit presentationScaleNotifier().scaleChanged(g_scale);
}

double scaledPointSize(double pointsAtScaleOne) { return pointsAtScaleOne * g_scale; }

QFont scaledFont(double pointsAtScaleOne, bool bold) {
    QFont f = QGuiApplication::font();
    f.setPointSizeF(scaledPointSize(pointsAtScaleOne));
    f.setBold(bold);
    return f;
}

double scaledPen(double widthAtScaleOne) { return widthAtScaleOne * g_scale; }

void paintOnWhite(QWidget* canvas) {
    canvas->setAutoFillBackground(true);
    QPalette pal = canvas->palette();
    pal.setColor(QPalette::Window, Qt::white);
    canvas->setPalette(pal);
}

}  // namespace dfl
