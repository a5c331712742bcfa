// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which vector unit the hand-vectorised training kernels use (the direct convolution in direct_correlation.cpp, the
// 2×2 pooling rows in max_pool_layer.cpp): the widest this CPU has, chosen once at run time as OpenBLAS does, so a
// baseline x86-64 build still runs at the machine's speed. The choice changes only the order of float additions
// (within one machine, results are fixed); pooling picks the same winners on every unit.

namespace dfl {

enum class VectorUnit { Sse2, Avx2, Avx512 };

// The unit the kernels use: the widest this CPU has, unless a test chose another it supports.
VectorUnit activeVectorUnit();
const char* vectorUnitName(VectorUnit unit);  // "SSE2", "AVX2", "AVX-512"
bool cpuHasVectorUnit(VectorUnit unit);
// For tests: run every path this CPU can run. Returns false (and changes nothing) for a unit the CPU lacks.
bool useVectorUnit(VectorUnit unit);

}  // namespace dfl
