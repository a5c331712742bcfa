// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Models that do heavy work while they are built (the tdnn module trains its networks in its constructor) say how
// far they are and learn whether the build was cancelled. Whoever builds the model — the GUI controller on its
// worker thread — installs a BuildMonitor on that thread for the duration of createModel; without one (batch,
// tests) reporting costs almost nothing and never cancels. A thread-local rather than a parameter, so the module
// registry's create(Scenario) signature stays the same for every module.

#include <functional>
#include <stdexcept>
#include <string>

namespace dfl {

// Thrown out of a model's construction when its build was cancelled; the caller keeps what it had before.
struct BuildCancelled : std::runtime_error {
    BuildCancelled() : std::runtime_error("the model's build was cancelled") {}
};

class BuildMonitor {
public:
    using Listener = std::function<void(double fraction, const std::string& what)>;
    using CancelCheck = std::function<bool()>;

    // Installs itself for the calling thread until destroyed (monitors nest: the previous one comes back).
    BuildMonitor(Listener listener, CancelCheck cancelled);
    ~BuildMonitor();
    BuildMonitor(const BuildMonitor&) = delete;
    BuildMonitor& operator=(const BuildMonitor&) = delete;

    // From the building code: `fraction` of the whole build done (0–1), `what` it is doing now. Throws
    // BuildCancelled when the build was cancelled; call it often enough (≤ ~0.2 s apart) for Cancel to feel instant.
    static void report(double fraction, const std::string& what);

private:
    Listener listener_;
    CancelCheck cancelled_;
    BuildMonitor* previous_;
};

// Splits a build into weighted phases, so each phase reports its own 0–1 and the monitor sees the whole.
class BuildPlan {
public:
    explicit BuildPlan(double totalWeight) : total_(totalWeight > 0 ? totalWeight : 1) {}
    // Starts the next phase of `weight` units (the previous one counts as done).
    void begin(double weight, std::string what);
    void progress(double phaseFraction) const;  // within the current phase (0–1); may throw BuildCancelled

private:
    double total_, done_ = 0, current_ = 0;
    std::string what_;
};

}  // namespace dfl
