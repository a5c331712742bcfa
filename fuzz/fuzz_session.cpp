// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: session files. The first byte picks the form: even → the rest is the whole file as it is (the
// header checks), odd → the rest is the Boost archive payload, wrapped in a header with its true size and
// SHA-256 so that mutations get past the checksum to the archive decoder and the embedded scenario.
#include "fuzz/fuzz_support.h"

#include "app/session.h"

#include <QCryptographicHash>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    dfl::fuzz::ensureQtCore();
    const bool wrap = data[0] & 1;
    const QByteArray rest(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    QByteArray file = rest;
    if (wrap) {
        // cycle and module must match the payload's; the fuzzer finds them from the seeds' headers
        file = "Dataflow Lab session\nformat: 1\nwritten-by: fuzz\nscenario: fuzz\nmodule: pipeline\ncycle: 0\n"
               "data-bytes: " + QByteArray::number(rest.size()) + "\ndata-sha256: " +
               QCryptographicHash::hash(rest, QCryptographicHash::Sha256).toHex() + "\n\n" + rest;
    }
    static const std::string path = dfl::fuzz::scratchPath(".dflsession");
    dfl::fuzz::writeFile(path, reinterpret_cast<const std::uint8_t*>(file.constData()), std::size_t(file.size()));
    dfl::fuzz::expectInputErrorsOnly([&] {
        const dfl::Session session = dfl::readSessionFile(path);
        (void)dfl::sessionScenario(session);
    });
    return 0;
}
