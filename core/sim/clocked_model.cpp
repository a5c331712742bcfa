// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/clocked_model.h"

namespace dfl {

void ClockedModel::runUntil(std::int64_t target) {
    while (cycle() < target && !done()) step();
}

}  // namespace dfl
