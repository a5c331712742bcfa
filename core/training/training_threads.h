// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How many threads may train networks at once. Eigen hands its matrix products to OpenBLAS; Debian's pthread and
// OpenMP builds of OpenBLAS may be called from several threads at once, but its serial build shares one work
// buffer between all callers, so two trainings on two threads corrupt each other's products (seen as results that
// change with the number of threads). With the serial build installed, trainings run one at a time.

namespace dfl {

// workerThreads() (core/sim/indexed_jobs.h) when the loaded OpenBLAS is safe to call concurrently, else 1.
int trainingThreads();

// Whether the OpenBLAS loaded at run time may be called from several threads at once.
bool blasSafeForConcurrentCalls();

}  // namespace dfl
