// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a file dialog starts: the folder last used for this kind of file (a settings key), else the user's
// documents — never the program's working directory, which for a launcher is often / or the build tree.

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace dfl {

inline QString dialogStartFolder(const char* lastFolderKey) {
    const QString last = QSettings().value(lastFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

}  // namespace dfl
