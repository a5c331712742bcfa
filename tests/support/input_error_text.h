// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The message of the InputError `f` throws, for tests that check what bad input is told; "<no InputError>" when it
// throws none (any other exception propagates and fails the test).

#include "core/sim/input_error.h"

#include <functional>
#include <string>

namespace dfl::test {

inline std::string inputErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "<no InputError>";
}

}  // namespace dfl::test
