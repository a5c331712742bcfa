#pragma once
// Running a sweep's points on a few threads. The models of different points share nothing writable: the only
// process-wide state in core/ is the Fashion-MNIST cache (core/convergence/convergence_data.cpp) and the tdnn
// experiment memo (core/tdnn/tdnn_experiment.cpp), both behind a mutex, and the build monitor, which is
// thread-local. So points may run at once and give the same numbers as in turn.

#include <cstddef>
#include <functional>

namespace dfl {

// Calls work(i) for every i in [0, count) on up to `jobs` threads (the calling thread is one), handing the indices
// out in order. Once a call throws, no further index starts; when the running ones are done, the exception of the
// lowest index that failed is rethrown — the same one a loop in order (jobs = 1) would have stopped at.
void runIndexedJobs(size_t count, int jobs, const std::function<void(size_t)>& work);

}  // namespace dfl
