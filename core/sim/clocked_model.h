// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The contract every module's simulation implements (docs/architecture.md "The clocked-model contract").
// Configuration is fixed at construction; all mutable state is serialisable so History can checkpoint it.

#include "core/sim/chart_spec.h"
#include "core/sim/frame.h"
#include "core/sim/metrics_report.h"
#include "core/sim/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfl {

class ClockedModel {
public:
    virtual ~ClockedModel() = default;

    virtual void reset() = 0;
    virtual void step() = 0;  // one cycle of the module's own clock; no-op when done()
    // Runs to `target` (or until done). Models override this to skip predictable cycles.
    virtual void runUntil(std::int64_t target);
    virtual std::int64_t cycle() const = 0;
    virtual bool done() const = 0;
    // Cycle count of a complete run when known in advance (the scrubber's range); -1 when unknown.
    virtual std::int64_t expectedCycles() const { return -1; }

    virtual FramePtr frame() const = 0;
    virtual MetricsReport metrics() const = 0;
    virtual std::vector<ChartSpec> charts() const { return {}; }
    // The run up to the current cycle as a timeline (core/sim/trace.h); empty when the module has none.
    virtual Trace trace() const { return {}; }

    // Mutable state only (not configuration), via Boost.Serialization, versioned by the model.
    virtual std::string saveState() const = 0;
    virtual void loadState(const std::string& bytes) = 0;

    // Called by History (core/sim/history.h) on the model it will seek. A model whose cycles are expensive keeps finer
    // checkpoints of its own from here on; a headless run, which never goes back, does not pay for them.
    virtual void enableSeekCheckpoints() {}
};

}  // namespace dfl
