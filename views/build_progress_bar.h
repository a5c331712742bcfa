// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A status-bar strip that appears while the controller builds a model (the tdnn module trains its networks when
// it is built) or replays a long seek (a training module going back): what it is doing, a progress bar and
// Cancel. The window stays usable meanwhile — the work runs on the controller's worker thread. Cancelling a
// build keeps the model that was open before; cancelling a replay leaves the view at the cycle it reached.

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace dfl {

class SimulationController;

class BuildProgressBar : public QWidget {
    Q_OBJECT
public:
    explicit BuildProgressBar(SimulationController* controller, QWidget* parent = nullptr);

    // What the controller's signals deliver (tests call these directly).
    void started(const QString& scenarioName);
    void progress(double fraction, const QString& what);
    void finished(bool cancelled);
    void seekStarted(qint64 target);  // "Replaying to cycle N…"

    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* bar() const { return bar_; }

private:
    QLabel* label_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    QString scenario_;
    bool seeking_ = false;  // what Cancel stops: the replay, else the build
};

}  // namespace dfl
