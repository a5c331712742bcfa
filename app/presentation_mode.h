// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Presentation mode (toolbar toggle and F5): for a lecture hall. Fonts and lines grow by the presentation
// scale in every view and chart (palette.h), the window goes full screen with only the module's animations and
// the charts, the transport bar stays, and the keys a presenter's clicker sends drive it: Space and Right step,
// Left steps back (P runs and pauses, Escape or F5 leaves). Leaving restores the layout exactly.

#include <QByteArray>
#include <QFont>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QDockWidget;
class QMainWindow;
class QShortcut;

namespace dfl {

class TransportBar;

class PresentationMode : public QObject {
    Q_OBJECT
public:
    static constexpr double kScale = 1.8;  // readable from the back of a lecture hall at 1080p
    static constexpr int kAnimationShare = 65;  // per cent of the width for the animation, the rest for the charts

    // `keepVisible` names the docks that stay on screen, the main animation first and the charts last (asked
    // each time the mode starts: the module's docks change with the scenario); those two share the width.
    PresentationMode(QMainWindow* window, TransportBar* transport, std::function<QList<QDockWidget*>()> keepVisible);

    QAction* toggleAction() const { return toggle_; }
    bool isActive() const { return active_; }
    void setActive(bool active);
    // The module's docks were rebuilt (a scenario opened while presenting, or --presentation before the first
    // one arrived): the new docks are shown or hidden, their controls hidden and the width split like the old.
    void docksChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;  // the window's resizes while presenting

private:
    void enter();
    void leave();
    void splitWidth();  // the animation and the charts share the window's width 65 : 35
    void showOnlyKept();  // the docks keepVisible names, without the views' own controls

    QMainWindow* window_;
    TransportBar* transport_;
    std::function<QList<QDockWidget*>()> keepVisible_;
    QAction* toggle_;
    QShortcut* escape_;
    bool active_ = false;

    // What leaving restores.
    QByteArray layout_, geometry_;
    bool wasFullScreen_ = false, wasMaximized_ = false;
    QFont appFont_;
    double scale_ = 1;
    QList<QKeySequence> stepKeys_, runKeys_;
    QList<QPointer<QWidget>> hiddenControls_;  // the views' buttons hidden while presenting
};

}  // namespace dfl
