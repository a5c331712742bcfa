// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/training_threads.h"

#include "core/sim/indexed_jobs.h"

// 0: the serial build (USE_THREAD=0, one shared buffer); 1: pthreads; 2: OpenMP (OpenBLAS's openblas_config.h).
extern "C" int openblas_get_parallel(void);

namespace dfl {

bool blasSafeForConcurrentCalls() {
    static const bool safe = openblas_get_parallel() != 0;
    return safe;
}

int trainingThreads() { return blasSafeForConcurrentCalls() ? workerThreads() : 1; }

}  // namespace dfl
