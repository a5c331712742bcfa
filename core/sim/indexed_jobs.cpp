// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/indexed_jobs.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace dfl {

namespace {
std::atomic<int> configuredThreads{0};  // 0: the number of cores
}

void runIndexedJobs(size_t count, int jobs, const std::function<void(size_t)>& work) {
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::exception_ptr> errors(count);  // each slot written by the one thread that ran that index
    auto worker = [&] {
        while (!failed) {
            const size_t i = next++;
            if (i >= count) return;
            try {
                work(i);
            } catch (...) {
                errors[i] = std::current_exception();
                failed = true;
            }
        }
    };
    std::vector<std::thread> threads;
    for (size_t t = 1; t < std::min(count, size_t(std::max(jobs, 1))); ++t) threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads) t.join();
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
}

int workerThreads() {
    const int set = configuredThreads.load();
    return set > 0 ? set : int(std::max(1u, std::thread::hardware_concurrency()));
}

void setWorkerThreads(int threads) { configuredThreads = std::max(threads, 0); }

}  // namespace dfl
