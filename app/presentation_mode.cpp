// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/presentation_mode.h"

#include "views/palette.h"
#include "views/transport_bar.h"
#include "views/view_controls.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QMenuBar>
#include <QScreen>
#include <QShortcut>
#include <QStatusBar>
#include <QTimer>

#include <algorithm>

namespace dfl {

PresentationMode::PresentationMode(QMainWindow* window, TransportBar* transport,
                                   std::function<QList<QDockWidget*>()> keepVisible)
    : QObject(window), window_(window), transport_(transport), keepVisible_(std::move(keepVisible)) {
    toggle_ = new QAction(tr("Present"), this);
    toggle_->setObjectName("action.presentation");
    toggle_->setCheckable(true);
    toggle_->setShortcut(Qt::Key_F5);
    toggle_->setShortcutContext(Qt::WindowShortcut);
    toggle_->setToolTip(tr("Presentation mode: large fonts, full screen; Space/Right step, Left back, P run (F5)"));
    connect(toggle_, &QAction::toggled, this, &PresentationMode::setActive);
    window->addAction(toggle_);  // F5 works while the menu bar is hidden
    escape_ = new QShortcut(QKeySequence(Qt::Key_Escape), window, [this] { setActive(false); });
    escape_->setEnabled(false);
    window->installEventFilter(this);
}

void PresentationMode::setActive(bool active) {
    if (active == active_) return;
    active ? enter() : leave();
    active_ = active;
    toggle_->setChecked(active);
    escape_->setEnabled(active);
}

void PresentationMode::enter() {
    layout_ = window_->saveState();
    geometry_ = window_->saveGeometry();
    wasFullScreen_ = window_->isFullScreen();
    wasMaximized_ = window_->isMaximized();
    appFont_ = QApplication::font();
    scale_ = presentationScale();

    // Widgets drawn by Qt (tables, labels, the transport bar) follow the application font; our own views and
    // charts read the presentation scale, and charts rebuild when it changes.
    QFont big = appFont_;
    big.setPointSizeF(appFont_.pointSizeF() * kScale);
    QApplication::setFont(big);
    setPresentationScale(kScale);

    hiddenControls_.clear();
    showOnlyKept();
    // Controls built while presenting (the Charts dock's Export and Copy arrive with the first charts, after
    // enter(), when the lesson was opened with --presentation) leave the picture as they show (eventFilter).
    qApp->installEventFilter(this);
    window_->menuBar()->hide();
    window_->statusBar()->hide();
    transport_->show();

    // A clicker sends Space or Right for "next": both step; running gets its own key.
    stepKeys_ = transport_->stepAction()->shortcuts();
    runKeys_ = transport_->runAction()->shortcuts();
    transport_->runAction()->setShortcuts({QKeySequence(Qt::Key_P)});
    transport_->stepAction()->setShortcuts(
        {QKeySequence(Qt::Key_Space), QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
    // Tab the charts behind the animation first where the screen is too narrow for both: a window manager sizes a
    // full-screen window no smaller than its minimum, and with both side by side that was 1650 px on a 1280 px
    // screen (the convergence view; a layout that shrinks later does not shrink the window back).
    splitWidth();
    window_->showFullScreen();
    // Split once the window is full screen: the resize arrives later on most platforms (see eventFilter).
    QTimer::singleShot(0, this, &PresentationMode::splitWidth);
}

void PresentationMode::showOnlyKept() {
    const QList<QDockWidget*> keep = keepVisible_();
    for (QDockWidget* d : window_->findChildren<QDockWidget*>()) {
        if (d->parentWidget() != window_) continue;
        d->setVisible(keep.contains(d));
    }
    // The views' own buttons and selectors (views/view_controls.h) leave the picture: at 1.8 times the size a
    // space-time diagram's legend and stage selector in one row were wider than a 1280 px screen.
    for (QDockWidget* d : keep)
        for (QWidget* w : d->findChildren<QWidget*>())
            if (isViewControl(w) && !w->isHidden()) {
                w->hide();
                hiddenControls_ << w;
            }
}

void PresentationMode::docksChanged() {
    if (!active_) return;
    showOnlyKept();
    QTimer::singleShot(0, this, &PresentationMode::splitWidth);
}

void PresentationMode::splitWidth() {
    // The animation on the left takes most of the width, the charts the rest, each wide enough for fonts 1.8 times
    // the size. The default layout has them side by side in the right dock area (the animation tabbed with the
    // network); resizeDocks also handles docks a user moved to different areas. Docks tabbed together share one
    // place: nothing to split.
    const QList<QDockWidget*> keep = keepVisible_();
    const QScreen* screen = window_->screen();
    // Exactly the screen: a window that grew while the docks were side by side (their minimum widths at 1.8 times
    // the size, before the charts went behind the animation) is not shrunk back by the window manager.
    auto fitScreen = [this] {
        QTimer::singleShot(0, this, [this] {
            if (!active_ || !window_->screen() || window_->geometry() == window_->screen()->geometry()) return;
            window_->showFullScreen();  // a window that outgrew the screen may have lost the state
            window_->setGeometry(window_->screen()->geometry());
        });
    };
    if (!active_) return;
    // Every time, also with the docks side by side or not built yet: with --presentation at launch, openbox's first
    // placement (the window inside its frame, 1278 x 775) reached Qt after the full-screen one, and the window
    // stayed 1278 x 775 inside a full-screen X window of 1280 x 800, a strip below it unpainted.
    fitScreen();
    if (keep.size() < 2 || window_->tabifiedDockWidgets(keep.front()).contains(keep.back())) return;
    // A screen too narrow for both at presentation size (1280 px): the charts go a tab behind the animation
    // rather than pushing the window wider than the screen.
    const int available = screen ? screen->geometry().width() : window_->width();
    int needed = 0;
    for (QDockWidget* d : {keep.front(), keep.back()}) needed += d->minimumSizeHint().width();
    if (needed > available) {
        window_->tabifyDockWidget(keep.front(), keep.back());
        keep.front()->raise();
        return;
    }
    const int width = window_->width();
    window_->resizeDocks({keep.front(), keep.back()}, {width * kAnimationShare / 100, width * (100 - kAnimationShare) / 100},
                         Qt::Horizontal);
}

bool PresentationMode::eventFilter(QObject* watched, QEvent* event) {
    // QMainWindow gives a resize's whole difference to some docks, not in proportion: going full screen after
    // enter() (or a screen change while presenting) would undo the split. Split again once the layout has the
    // new width, which it gets when this event reaches the window, after this filter.
    if (active_ && watched == window_ && event->type() == QEvent::Resize)
        QTimer::singleShot(0, this, &PresentationMode::splitWidth);
    // Every widget's Show passes here while presenting: the property check first, the kept docks only for a control.
    if (active_ && event->type() == QEvent::Show && watched->isWidgetType() && isViewControl(static_cast<QWidget*>(watched))) {
        auto* widget = static_cast<QWidget*>(watched);
        const QList<QDockWidget*> keep = keepVisible_();
        if (std::any_of(keep.begin(), keep.end(), [widget](QDockWidget* d) { return d->isAncestorOf(widget); })) {
            hiddenControls_ << widget;
            // After the show it reports has finished: hiding inside it leaves Qt's visibility state half set.
            QMetaObject::invokeMethod(widget, &QWidget::hide, Qt::QueuedConnection);
        }
    }
    return QObject::eventFilter(watched, event);
}

void PresentationMode::leave() {
    qApp->removeEventFilter(this);
    for (const QPointer<QWidget>& w : hiddenControls_)
        if (w) w->show();
    hiddenControls_.clear();
    transport_->stepAction()->setShortcuts(stepKeys_);
    transport_->runAction()->setShortcuts(runKeys_);
    QApplication::setFont(appFont_);
    setPresentationScale(scale_);
    window_->menuBar()->show();
    window_->statusBar()->show();
    if (wasFullScreen_) window_->showFullScreen();
    else if (wasMaximized_) window_->showMaximized();
    else window_->showNormal();
    window_->restoreGeometry(geometry_);
    window_->restoreState(layout_);
}

}  // namespace dfl
