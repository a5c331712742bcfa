// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shipped lessons: every *.json in a folder, grouped under its module's heading, with its full name
// (wrapped) and one-line description. A file that does not load is listed greyed out under "Do not load" with
// the reason as its tooltip (so a broken file is visible, never a crash). One click (or Enter) asks to open one.

#include <QList>
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
    QList<QTreeWidgetItem*> scenarioItems() const;  // every file's item, in the order shown

public slots:
    void refresh();

signals:
    void openRequested(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTreeWidgetItem* group(const QString& heading);  // the module's heading, made on first use
    void activate(QTreeWidgetItem* item);
    QString directory_;
    QTreeWidget* tree_;
};

}  // namespace dfl
