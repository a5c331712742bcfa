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
    if (std::getenv(Guard)) return;
    const char* current = std::getenv("GLIBC_TUNABLES");
    std::string tunables = current ? current : "";
    if (tunables.find(Tunable) != std::string::npos || !kernelOffersHugePages()) return;
    const std::string before = tunables;
    tunables += (tunables.empty() ? "" : ":") + std::string(Tunable) + "=1";
    setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
    setenv(Guard, "1", 1);
    execv("/proc/self/exe", argv);
    // No restart (no /proc, say): carry on with ordinary pages and leave the environment as it was.
    if (current) setenv("GLIBC_TUNABLES", before.c_str(), 1);
    else unsetenv("GLIBC_TUNABLES");
}

}  // namespace dfl
