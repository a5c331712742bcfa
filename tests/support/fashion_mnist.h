// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tests that need the real Fashion-MNIST skip where it is not installed — except in CI (CI=true, as CI services
// and .ci/run set it), which installs it (scripts/install-deps.sh): there a skip would hide a broken install, so
// the test fails instead.

#include "core/training/dataset.h"

#include <QString>
#include <QtGlobal>

namespace dfl::test {

inline bool runningInCi() { return qEnvironmentVariable("CI").compare("true", Qt::CaseInsensitive) == 0; }

}  // namespace dfl::test

// In a test function (QSKIP and QFAIL return from it).
#define DFL_REQUIRE_FASHION_MNIST()                                                                              \
    do {                                                                                                         \
        if (!dfl::fashionMnistAvailable()) {                                                                     \
            if (dfl::test::runningInCi())                                                                        \
                QFAIL(qPrintable("CI=true but Fashion-MNIST is not in " +                                         \
                                 QString::fromStdString(dfl::fashionMnistDirectory()) +                          \
                                 " (scripts/install-deps.sh installs dataset-fashion-mnist)"));                   \
            QSKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");                      \
        }                                                                                                        \
    } while (false)
