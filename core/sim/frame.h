// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An immutable, cheap snapshot of what a view must draw at one cycle. Each module derives its own frame;
// views receive std::shared_ptr<const Frame> and cast to the module's type.

#include <cstdint>
#include <memory>

namespace dfl {

struct Frame {
    virtual ~Frame() = default;
    std::int64_t cycle = 0;
};

using FramePtr = std::shared_ptr<const Frame>;

}  // namespace dfl
