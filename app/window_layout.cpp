// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window_layout.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QIODevice>
#include <QObject>

namespace dfl {

namespace {
constexpr quint32 kMagic = 0x44464c4c;  // "DFLL"
constexpr quint32 kVersion = 1;
constexpr quint32 kMaxStateBytes = 1 << 20;  // a layout of a dozen docks is a few kB
constexpr QDataStream::Version kStreamVersion = QDataStream::Qt_6_0;

QByteArray digest(const QByteArray& bytes) { return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256); }
}  // namespace

QByteArray wrapWindowLayout(const QByteArray& qtState, const std::string& module) {
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(kStreamVersion);
    s << kMagic << kVersion << QByteArray::fromStdString(module) << digest(qtState) << qtState;
    return out;
}

UnwrappedLayout unwrapWindowLayout(const QByteArray& saved, const std::string& module) {
    QDataStream s(saved);
    s.setVersion(kStreamVersion);
    quint32 magic = 0, version = 0;
    s >> magic >> version;
    if (s.status() != QDataStream::Ok || magic != kMagic)
        return {std::nullopt, QObject::tr("the saved layout is from an older version or damaged")};
    if (version != kVersion) return {std::nullopt, QObject::tr("the saved layout is from another version (%1)").arg(version)};
    // Read sizes before the bytes they announce: a damaged length must not allocate gigabytes.
    QByteArray savedModule, savedDigest, state;
    s >> savedModule >> savedDigest;
    quint32 length = 0;
    s >> length;
    if (s.status() != QDataStream::Ok || length > kMaxStateBytes || length > quint32(saved.size()))
        return {std::nullopt, QObject::tr("the saved layout is damaged")};
    state.resize(qsizetype(length));
    if (s.readRawData(state.data(), int(length)) != int(length) || !s.atEnd())
        return {std::nullopt, QObject::tr("the saved layout is truncated or damaged")};
    if (savedModule.toStdString() != module)
        return {std::nullopt, QObject::tr("the saved layout is for the %1 module's views").arg(QString::fromUtf8(savedModule))};
    if (savedDigest != digest(state)) return {std::nullopt, QObject::tr("the saved layout is damaged (checksum)")};
    return {state, {}};
}

}  // namespace dfl
