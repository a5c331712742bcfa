// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A session file: one moment of a lesson — the scenario with every edit applied (partitions, parameters), the
// current cycle and which views are open — so File → Open Session and `dataflow-lab batch SESSION` come back to
// exactly that moment by replaying the deterministic model to the cycle.
//
// On disk: a readable text header (what a person or `head` needs: format, writer, scenario, module, cycle, and
// the size and SHA-256 of the data), a blank line, then the data as a versioned Boost.Serialization text
// archive. Writes are atomic (QSaveFile). A file from a newer format, a truncated file and a file whose data or
// header was edited are each rejected with an InputError saying which — never half-loaded.

#include "core/scenario/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfl {

struct Session {
    // Bumped when the data layout changes; readers refuse a larger number (written by a newer Dataflow Lab).
    static constexpr int kFormat = 1;

    std::string scenarioFile;  // where the scenario came from: relative network paths resolve against it
    std::string scenarioName;  // for the header and the recent-files menu
    std::string module;
    std::string scenarioJson;  // the scenario with every edit applied (Scenario::json)
    std::int64_t cycle = 0;
    std::vector<std::string> openViews;  // object names of the docks that were visible (GUI; empty in batch)
    std::string windowLayout;            // QMainWindow::saveState bytes (GUI; may be empty)
    std::string writtenBy;               // "dataflow-lab 0.1.0"
    std::string path;                    // the file it was read from (not stored): errors in its scenario name it

    // Bounds for reading (README "File formats"): a collection (the open views) holds at most this many entries.
    static constexpr std::size_t kMaxListEntries = 10'000;

    template <class Archive>
    void serialize(Archive& archive, unsigned /*version*/) {
        archive& scenarioFile& scenarioName& module& scenarioJson& cycle& openViews& windowLayout& writtenBy;
    }
};

// A session of `scenario` at `cycle` (views and layout are the GUI's to fill in).
Session makeSession(const Scenario& scenario, std::int64_t cycle);

// Throws InputError naming the file when it cannot be written; the previous file is then left untouched.
void writeSessionFile(const Session& session, const std::string& path);
// Throws InputError(path, place, reason) for a missing, truncated, damaged or newer-format file.
Session readSessionFile(const std::string& path);
// True when the file starts with the session header line (how batch mode tells a session from a scenario).
bool looksLikeSessionFile(const std::string& path);

// The session's scenario, validated like a scenario file (overrides as with --set); throws InputError.
Scenario sessionScenario(const Session& session, const std::vector<Override>& overrides = {});

}  // namespace dfl
