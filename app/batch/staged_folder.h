// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An output folder that appears complete or not at all: everything is written into a hidden temporary folder
// beside it, which commit() renames into place. A run that fails (bad input found late, a crash, a kill) leaves
// no half-written folder that looks like a result; the temporary folder is removed when it can be.

#include <QTemporaryDir>

#include <memory>
#include <string>

namespace dfl {

class StagedFolder {
public:
    // Throws InputError when `target` exists but is not a folder, or its parent cannot be created or written.
    // `lastEntry` is the file that says the folder is complete (batch: index.md; sweep: sweep.csv).
    explicit StagedFolder(const std::string& target, std::string lastEntry = "index.md");
    const std::string& path() const { return stagingPath_; }  // write here
    // Moves the result into `target`: a rename when it does not exist yet (or is empty); into an existing folder
    // (a previous export), entry by entry with `lastEntry` last, so the index is never newer than its files.
    void commit();

private:
    std::string target_, lastEntry_, stagingPath_;
    std::unique_ptr<QTemporaryDir> staging_;
};

}  // namespace dfl
