// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/input_file.h"

#include "core/sim/input_error.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>

namespace dfl {

QByteArray readInputFile(const std::string& path, const std::string& what, std::int64_t maxBytes) {
    const QString name = QString::fromStdString(path);
    const QFileInfo info(name);
    if (!info.exists()) throw InputError(path, "", "no such " + what);
    if (!info.isFile()) throw InputError(path, "", "not a regular file (a " + what + " must be one)");
    if (info.size() > maxBytes)
        throw InputError(path, "", "the " + what + " is " + std::to_string(info.size()) + " bytes, more than the limit of " +
                                       std::to_string(maxBytes >> 20) + " MiB");
    QFile file(name);
    if (!file.open(QIODevice::ReadOnly)) throw InputError(path, "", "cannot read: " + file.errorString().toStdString());
    // read() with the limit + 1, not readAll(): the file may have grown since the size check.
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        throw InputError(path, "", "the " + what + " is more than the limit of " + std::to_string(maxBytes >> 20) + " MiB");
    return bytes;
}

std::string lineColumn(const QByteArray& text, int offset) {
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') { ++line; column = 1; }
        else ++column;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

QJsonObject parseJsonObjectFile(const QByteArray& bytes, const std::string& file, const std::string& notObjectPlace) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        throw InputError(file, lineColumn(bytes, error.offset), "invalid JSON: " + error.errorString().toStdString());
    if (!doc.isObject()) throw InputError(file, notObjectPlace, "expected a JSON object");
    return doc.object();
}

}  // namespace dfl
