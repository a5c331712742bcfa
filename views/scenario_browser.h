#pragma once
// The shipped lessons: every *.json in a folder with its name and one-line description. A file that does not
// load is listed greyed out with the reason as its tooltip (so a broken file is visible, never a crash).
// Double-click (or Enter) asks to open one.

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace dfl {

class ScenarioBrowser : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioBrowser(QWidget* parent = nullptr);

    void setDirectory(const QString& directory);  // lists it now
    QString directory() const { return directory_; }
    void setCurrentFile(const QString& path);  // highlights the open scenario
    QTreeWidget* tree() const { return tree_; }

public slots:
    void refresh();

signals:
    void openRequested(const QString& path);

private:
    void activate(QTreeWidgetItem* item);
    QString directory_;
    QTreeWidget* tree_;
};

}  // namespace dfl
