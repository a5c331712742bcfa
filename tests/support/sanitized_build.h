// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sanitizer job (scripts/sanitize-and-fuzz.sh) builds the tests under ASan + UBSan with libFuzzer's coverage
// hooks, where a full-size training lesson takes ten times its release time or more (the convergence demo and the
// tdnn experiment each passed Qt Test's 300 s there). In that build they train a reduced size of the same code, which
// is what the sanitizers need; their published-figure checks need the full size and run in the release suite.

#include <QtTest>

namespace dfl::test {
#ifdef DFL_SANITIZED_BUILD
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif
}  // namespace dfl::test

// In a test function that checks a figure only the full-size run reproduces.
#define DFL_FIGURE_CHECK_NEEDS_FULL_SIZE()                                                                         \
    do {                                                                                                           \
        if (dfl::test::kSanitizedBuild)                                                                            \
            QSKIP("a published-figure check: it runs at full size in the release suite (this sanitizer build "    \
                  "trains a reduced size for memory safety)");                                                     \
    } while (0)
