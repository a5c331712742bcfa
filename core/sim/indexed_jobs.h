// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Independent pieces of work on a few threads, results merged by index: the runs of a convergence study, the
// phases of the tdnn experiment, a sweep's points. Models of different pieces share nothing writable (the only
// process-wide state in core/ is the Fashion-MNIST cache and the tdnn experiment memo, both behind a mutex, and the
// build monitor, which is thread-local), so the pieces give the same numbers at once as in turn, whatever the
// number of threads.

#include <cstddef>
#include <functional>

namespace dfl {

// Calls work(i) for every i in [0, count) on up to `jobs` threads (the calling thread is one), handing the indices
// out in order. Once a call throws, no further index starts; when the running ones are done, the exception of the
// lowest index that failed is rethrown — the same one a loop in order (jobs = 1) would have stopped at.
void runIndexedJobs(size_t count, int jobs, const std::function<void(size_t)>& work);

// Threads a model may use for its own independent pieces: the cores of the machine unless set (batch --jobs N).
int workerThreads();
void setWorkerThreads(int threads);  // < 1: back to the number of cores

}  // namespace dfl
