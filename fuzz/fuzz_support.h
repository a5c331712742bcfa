// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every fuzz target shares: bad input must end as an InputError (exit 2 in batch mode); anything else — a
// crash, a sanitizer report, another exception, an allocation past -malloc_limit_mb — is a finding.

#include "core/sim/input_error.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace dfl::fuzz {

// Runs `body`; InputError is the expected outcome of bad input, every other exception propagates (and aborts).
template <class Body>
void expectInputErrorsOnly(Body&& body) {
    try {
        body();
    } catch (const InputError&) {
    }
}

// A per-process scratch file for the parsers that read paths (IDX through zlib, session files).
inline std::string scratchPath(const char* suffix) {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/dfl-fuzz-" + std::to_string(getpid()) + suffix;
}

inline void writeFile(const std::string& path, const std::uint8_t* data, std::size_t size) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) __builtin_trap();
    if (size > 0 && std::fwrite(data, 1, size, f) != size) __builtin_trap();
    std::fclose(f);
}

// Qt's JSON and file classes want an application object for nothing here, but the resource system (built-in
// networks) must be initialised once.
inline void ensureQtCore() {
    static int argc = 1;
    static char name[] = "dfl-fuzz";
    static char* argv[] = {name, nullptr};
    static QCoreApplication* app = new QCoreApplication(argc, argv);
    (void)app;
}

}  // namespace dfl::fuzz
