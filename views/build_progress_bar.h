#pragma once
// A status-bar strip that appears while the controller builds a model (the tdnn module trains its networks when
// it is built): what it is doing, a progress bar and Cancel. The window stays usable meanwhile — the build runs
// on the controller's worker thread — and Cancel keeps the model that was open before.

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

    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* bar() const { return bar_; }

private:
    QLabel* label_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    QString scenario_;
};

}  // namespace dfl
