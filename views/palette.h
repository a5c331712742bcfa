// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one palette (docs/architecture.md "Visual language"): Okabe–Ito, safe for the common colour-vision deficiencies.
// Every view and chart takes its colours from here so the same thing looks the same everywhere.

#include "core/sim/chart_spec.h"

#include <QColor>
#include <QFont>

class QWidget;

namespace dfl::palette {

// Named by meaning first; the hue names are for when no meaning applies.
inline const QColor forward{0x00, 0x72, 0xB2};    // blue: forward pass, activations
inline const QColor backward{0xD5, 0x5E, 0x00};   // vermillion: backward pass, gradients
inline const QColor update{0x00, 0x9E, 0x73};     // bluish green: weight update, weights
inline const QColor idle{0x99, 0x99, 0x99};       // grey: idle, stalled
inline const QColor selected{0xF0, 0xE4, 0x42};   // yellow: the selected item
inline const QColor reference{0x00, 0x00, 0x00};  // black: published values, references
inline const QColor orange{0xE6, 0x9F, 0x00};
inline const QColor skyBlue{0x56, 0xB4, 0xE9};
inline const QColor reddishPurple{0xCC, 0x79, 0xA7};

QColor color(SeriesRole role);
// Text drawn on a filled shape of `background`: black or white, whichever reads better.
QColor textOn(const QColor& background);

// Reference check statuses (docs/fidelity.md): pass green, fail vermillion, not-reproduced amber, inconsistent
// source sky blue; always paired with a word or symbol so colour is never the only cue.
inline const QColor& pass() { return update; }
inline const QColor& fail() { return backward; }
inline const QColor& notReproduced() { return orange; }
inline const QColor& inconsistentSource() { return skyBlue; }

}  // namespace dfl::palette

namespace dfl {

// A canvas that paints its own picture on white, whatever the desktop theme (and in exported snapshots).
void paintOnWhite(QWidget* canvas);

// Presentation scale: 1.0 on a desk, about 1.8 on a projector. Views and charts multiply font sizes and pen
// widths by it. A plain process-wide value (GUI thread only) because every view needs it and nothing owns it.
// Changing it emits presentationScaleNotifier().scaleChanged (presentation_scale.h) so cached charts rebuild.
double presentationScale();
void setPresentationScale(double scale);

// Font sizes in points at the current scale; chart axis labels stay ≥ 11 pt at scale 1 (projector rule).
double scaledPointSize(double pointsAtScaleOne);
QFont scaledFont(double pointsAtScaleOne, bool bold = false);
double scaledPen(double widthAtScaleOne);

}  // namespace dfl
