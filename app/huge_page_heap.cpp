// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/huge_page_heap.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace dfl {

namespace {

constexpr const char* Tunable = "glibc.malloc.hugetlb";
constexpr const char* Guard = "DFL_HEAP_RESTARTED";

// "always [madvise] never": glibc's madvise works unless the kernel says never.
bool kernelOffersHugePages() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    return std::getline(in, modes) && modes.find("[never]") == std::string::npos;
}

}  // namespace

void restartWithHugePageHeap(char** argv) {
    // The guard carries the user's own GLIBC_TUNABLES ("=" + value, or "" for none). glibc has read the tunables by
    // now, so the restarted process puts the user's environment back: programs it starts do not inherit ours.
    if (const char* guard = std::getenv(Guard)) {
        if (guard[0] == '=') setenv("GLIBC_TUNABLES", guard + 1, 1);
        else unsetenv("GLIBC_TUNABLES");
        unsetenv(Guard);
        return;
    }
    const char* current = std::getenv("GLIBC_TUNABLES");
    const std::string before = current ? current : "";
    if (before.find(Tunable) != std::string::npos || !kernelOffersHugePages()) return;
    const std::string tunables = before + (before.empty() ? "" : ":") + Tunable + "=1";
    setenv(Guard, current ? ("=" + before).c_str() : "", 1);
    setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
    execv("/proc/self/exe", argv);
    // No restart (no /proc, say): carry on with ordinary pages and leave the environment as it was.
    if (current) setenv("GLIBC_TUNABLES", before.c_str(), 1);
    else unsetenv("GLIBC_TUNABLES");
    unsetenv(Guard);
}

}  // namespace dfl
