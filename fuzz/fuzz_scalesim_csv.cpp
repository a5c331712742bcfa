// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a SCALE-Sim topology CSV and every count derived from it.
#include "fuzz/fuzz_support.h"

#include "core/network/network_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dfl::fuzz::ensureQtCore();
    dfl::fuzz::expectInputErrorsOnly([&] {
        const dfl::Network net =
            dfl::importScaleSimCsvText(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv", "fuzz");
        (void)net.totalParams();
        (void)net.totalForwardMacs();
        (void)net.totalBackwardMacs();
        for (const dfl::Layer& layer : net.layers()) (void)layer.activationElements();
    });
    return 0;
}
