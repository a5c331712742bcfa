// SPDX-License-Identifier: GPL-3.0-or-later
// The TDNN race of the selected image and neuron, as far as it has run: the two delay lines as two tracks, one
// slice per stage the edge passed (how long that stage delayed it), and the arbiter's decision once made. Times are
// in units of the unit delay Δ (1 Δ is written as 1 µs): the model has no absolute delay per stage.
#include "core/tdnn/tdnn_model.h"

#include <algorithm>

namespace dfl {

Trace TdnnModel::trace() const {
    Trace t;
    constexpr int pid = 1, top = 1, bottom = 2, arbiter = 3;
    const RaceSetup& s = *setup_;
    const std::string process = "TDNN race: image " + std::to_string(s.image) + ", neuron " + std::to_string(s.neuron) +
                                ", chip " + std::to_string(s.chip);
    t.addTrack(pid, top, process, "top delay line");
    t.addTrack(pid, bottom, process, "bottom delay line");
    t.addTrack(pid, arbiter, process, "arbiter");
    auto line = [&](int tid, const std::vector<double>& times) {
        for (size_t k = 1; k < times.size(); ++k)
            t.addSlice({pid, tid, "stage " + std::to_string(k), "delay", times[k - 1], times[k] - times[k - 1],
                        {{"stage", std::int64_t(k)},
                         {"weight", std::int64_t(s.chain.weights[k - 1])},
                         {"input", std::int64_t(s.chain.inputs[k - 1])},
                         {"lines_cross_after", std::int64_t(s.preEncoded[k - 1] < 0 ? 1 : 0)}}});
    };
    line(top, state_.topTimes);
    line(bottom, state_.bottomTimes);
    if (state_.chain.decided) {
        const double first = std::min(state_.chain.topTime, state_.chain.bottomTime);
        const double last = std::max(state_.chain.topTime, state_.chain.bottomTime);
        t.addSlice({pid, arbiter, state_.chain.decision > 0 ? "+1" : "-1", "decision", first, last - first,
                    {{"decision", std::int64_t(state_.chain.decision)}, {"digital_decision", std::int64_t(s.digitalDecision)}}});
    }
    t.addNote("tdnn: 1 µs in this trace is one unit delay Δ; one race (the selected image and neuron)");
    return t;
}

}  // namespace dfl
