// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A simulated timeline in the Trace Event Format that Perfetto UI (ui.perfetto.dev) and chrome://tracing open:
// "processes" (one per machine part) hold "threads" (tracks), and each track holds complete slices ("ph": "X")
// that never overlap. Built by each model from its own state (ClockedModel::trace()), written by traceToJson;
// `dataflow-lab batch --trace FILE.json` and File → Export Trace write it. Times are microseconds of simulated time.

#include "core/sim/metrics_report.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace dfl {

struct TraceTrack {
    int pid = 0, tid = 0;
    std::string process, thread;  // names shown by the viewer
};

struct TraceSlice {
    int pid = 0, tid = 0;
    std::string name, category;
    double startUs = 0, durationUs = 0;
    std::vector<std::pair<std::string, Cell>> args;  // shown when the slice is selected
};

class Trace {
public:
    // A trace stops taking slices beyond this many (a viewer would not open it either) and says so in a note.
    static constexpr std::size_t maxSlices = 2000000;

    void addTrack(int pid, int tid, std::string process, std::string thread);
    // Slices of zero duration are dropped (nothing ran); returns false once the trace is full.
    bool addSlice(TraceSlice slice);
    void addNote(std::string note) { notes_.push_back(std::move(note)); }

    bool empty() const { return slices_.empty(); }
    bool truncated() const { return truncated_; }
    const std::vector<TraceTrack>& tracks() const { return tracks_; }
    const std::vector<TraceSlice>& slices() const { return slices_; }
    const std::vector<std::string>& notes() const { return notes_; }

private:
    std::vector<TraceTrack> tracks_;
    std::vector<TraceSlice> slices_;
    std::vector<std::string> notes_;
    bool truncated_ = false;
};

// {"traceEvents": [metadata naming each process and track, then the slices in order], "displayTimeUnit": "ns",
//  "otherData": {"scenario", "module", "notes"}}.
std::string traceToJson(const Trace& trace, const std::string& scenario, const std::string& module);

}  // namespace dfl
