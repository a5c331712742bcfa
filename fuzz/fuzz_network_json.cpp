// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a network JSON file (parseNetworkJson through the same entry as a .json network path) and
// every count derived from it.
#include "fuzz/fuzz_support.h"

#include "core/network/network_io.h"

#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dfl::fuzz::ensureQtCore();
    dfl::fuzz::expectInputErrorsOnly([&] {
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
        if (!doc.isObject()) return;
        const dfl::Network net = dfl::parseNetworkJson(doc.object(), "fuzz.json");
        (void)net.totalParams();
        (void)net.totalForwardMacs();
        (void)net.totalBackwardMacs();
        for (const dfl::Layer& layer : net.layers()) (void)layer.activationElements();
    });
    return 0;
}
