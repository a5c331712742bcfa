// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/staged_folder.h"

#include "core/sim/input_error.h"

#include <QDir>
#include <QFileInfo>

#include <utility>

namespace dfl {

StagedFolder::StagedFolder(const std::string& target, std::string lastEntry)
    : target_(target), lastEntry_(std::move(lastEntry)) {
    const QFileInfo info(QString::fromStdString(target));
    if (info.exists() && !info.isDir()) throw InputError(target, "", "--out names a file, not a folder");
    const QString parent = info.absolutePath();
    if (!QDir().mkpath(parent)) throw InputError(target, "", "cannot create the output folder's parent");
    staging_ = std::make_unique<QTemporaryDir>(parent + "/." + info.fileName() + ".partial-XXXXXX");
    if (!staging_->isValid())
        throw InputError(target, "", "cannot create a folder beside it: " + staging_->errorString().toStdString());
    stagingPath_ = staging_->path().toStdString();
}

void StagedFolder::commit() {
    const QString target = QString::fromStdString(target_), staging = staging_->path();
    QDir existing(target);
    if (existing.exists() && existing.isEmpty()) existing.rmdir(target);
    if (!existing.exists()) {
        if (!QDir().rename(staging, target)) throw InputError(target_, "", "cannot move the finished output into place");
        staging_->setAutoRemove(false);
        return;
    }
    QStringList entries = QDir(staging).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    const QString last = QString::fromStdString(lastEntry_);
    if (entries.removeAll(last)) entries.append(last);
    for (const QString& name : entries) {
        const QString to = existing.filePath(name);
        if (QFileInfo(to).isDir()) QDir(to).removeRecursively();
        else QFile::remove(to);
        if (!QDir().rename(QDir(staging).filePath(name), to))
            throw InputError(to.toStdString(), "", "cannot move the finished output into place");
    }
}

}  // namespace dfl
