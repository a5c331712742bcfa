// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace dfl {

std::string scenariosDirectory() {
    const QByteArray env = qgetenv("DFL_SCENARIOS_DIR");
    if (!env.isEmpty()) return env.toStdString();
    QStringList candidates;
    if (QCoreApplication::instance()) {
        const QString exe = QCoreApplication::applicationDirPath();
        candidates << exe + "/../share/dataflow-lab/scenarios";
    }
    candidates << QStringLiteral(DFL_SOURCE_DIR "/scenarios");
    for (const QString& c : candidates)
        if (QFileInfo(c).isDir()) return QDir(c).absolutePath().toStdString();
    return QStringLiteral(DFL_SOURCE_DIR "/scenarios").toStdString();
}

std::string defaultScenarioPath() {
    return QDir(QString::fromStdString(scenariosDirectory())).filePath(DFL_DEFAULT_SCENARIO).toStdString();
}

}  // namespace dfl
