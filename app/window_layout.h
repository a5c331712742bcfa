// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Saved dock layouts that are checked before Qt sees them. QMainWindow::restoreState trusts its bytes, and
// restoring a layout saved for other docks (another module's views, an older version of the app) has crashed
// the app at every start (issue 12). So a layout is stored wrapped: a magic word, a format version, the module
// whose docks it places, the length and a SHA-256 of Qt's bytes. Anything that does not match exactly is not
// restored, and the caller falls back to the default layout and says why.

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>

namespace dfl {

// Qt's saveState() bytes for the docks of `module`, wrapped for storage.
QByteArray wrapWindowLayout(const QByteArray& qtState, const std::string& module);

struct UnwrappedLayout {
    std::optional<QByteArray> qtState;  // set when the bytes are a complete layout saved for this module
    QString problem;                    // otherwise why not, in words for the status bar
};

// Checks `saved` (from the settings or a session file) against the format and `module`.
UnwrappedLayout unwrapWindowLayout(const QByteArray& saved, const std::string& module);

}  // namespace dfl
