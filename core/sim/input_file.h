// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading a file the user named, whole, without trusting it: only a regular file (never a device, a FIFO or a
// folder, which could be read forever), and only up to a size limit checked before anything is read. Every
// failure is an InputError naming the file. Each text format's limit is documented in README "File formats".

#include <QByteArray>
#include <QJsonObject>

#include <cstdint>
#include <string>

namespace dfl {

// Scenario, network (JSON, SCALE-Sim CSV) and session files: far beyond any real one (the largest built-in
// network, ResNet-152, is 0.1 MiB; a 10^5-layer network about 10 MiB).
inline constexpr std::int64_t kMaxTextFileBytes = std::int64_t(64) << 20;

// `what` names the kind of file in the messages ("scenario file", "network file", ...).
QByteArray readInputFile(const std::string& path, const std::string& what, std::int64_t maxBytes = kMaxTextFileBytes);

// "line L, column C" of a byte offset (Qt's JSON parser reports offsets; an editor jumps to lines).
std::string lineColumn(const QByteArray& text, int offset);

// A JSON document that must be one object: invalid JSON is InputError(file, "line L, column C", "invalid JSON: ...");
// anything else than an object is InputError(file, notObjectPlace, "expected a JSON object").
QJsonObject parseJsonObjectFile(const QByteArray& bytes, const std::string& file,
                                const std::string& notObjectPlace = "(top level)");

}  // namespace dfl
