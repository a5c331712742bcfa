// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/vector_unit.h"

#include <atomic>

namespace dfl {

namespace {

VectorUnit widestUnit() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return VectorUnit::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return VectorUnit::Avx2;
    return VectorUnit::Sse2;
}

std::atomic<VectorUnit>& chosenUnit() {
    static std::atomic<VectorUnit> chosen{widestUnit()};
    return chosen;
}

}  // namespace

VectorUnit activeVectorUnit() { return chosenUnit().load(std::memory_order_relaxed); }

const char* vectorUnitName(VectorUnit unit) {
    switch (unit) {
    case VectorUnit::Avx512: return "AVX-512";
    case VectorUnit::Avx2: return "AVX2";
    case VectorUnit::Sse2: return "SSE2";
    }
    return "SSE2";
}

bool cpuHasVectorUnit(VectorUnit unit) {
    const VectorUnit widest = widestUnit();
    return unit == VectorUnit::Sse2 || unit == widest ||
           (unit == VectorUnit::Avx2 && widest == VectorUnit::Avx512 && __builtin_cpu_supports("avx2") &&
            __builtin_cpu_supports("fma"));
}

bool useVectorUnit(VectorUnit unit) {
    if (!cpuHasVectorUnit(unit)) return false;
    chosenUnit().store(unit);
    return true;
}

}  // namespace dfl
