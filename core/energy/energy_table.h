// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Per-operation energy tables (docs/energy.md): each entry a value with its unit, what one count of it is and the
// source it comes from, loaded from a JSON file. The built-in tables are resources/energy/NAME.json, compiled in as
// ":/energy/NAME.json" like the built-in networks; a scenario may name a file of its own instead.
//
// File format:
//   {"name": "horowitz-45nm", "title": "...", "technology": "...", "source": "...",
//    "entries": {"int8_add": {"value": 0.03, "unit": "pJ", "per": "8-bit integer add", "bits": 8?,
//                             "source": "HorowitzEnergy Figure 1.1.9 ...", "note": "..."?}, ...}}
// Units: "fJ", "pJ", "nJ" (energy per count) or "W" (a power: one count is one component busy for one second).
// "bits" (optional): the access width the energy is for (64 for Horowitz's memories); pjForBits() scales by it.
// Every malformed file is an InputError naming the file, the key path and the reason.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

class QByteArray;  // declared only: the Qt headers define `slots`, which code including the modules' configs uses

namespace dfl {

struct EnergyEntry {
    std::string key;
    double value = 0;      // in `unit`
    std::string unit;      // fJ, pJ, nJ or W
    std::string per;       // what one count is
    int bits = 0;          // the access width the value is for; 0: not a width-scaled entry
    std::string source;    // a docs/references.md key plus figure or table
    std::string note;      // derivations, ranges, caveats
    bool overridden = false;  // changed by the scenario (energy_overrides)
    double pj() const;     // the value in pJ per count (W: pJ per second)
};

// What a scenario picks (params.energy_table, params.energy_overrides; core/energy/energy_params.h binds them).
// A module's config holds one; its initialiser names the module's default table.
struct EnergySelection {
    std::string table = "horowitz-45nm";
    std::vector<std::string> overrides;  // "entry=value", the value in the entry's own unit
};

struct EnergyTable {
    std::string name, title, technology, source;
    std::string origin;  // the file it came from (":/energy/NAME.json" for a built-in)
    std::map<std::string, EnergyEntry> entries;

    bool has(const std::string& key) const { return entries.count(key) != 0; }
    // Throws std::logic_error naming the key and the table when absent: a module asks only for keys it documents,
    // and every table a module may use is checked when the scenario is built (requireEntries).
    const EnergyEntry& entry(const std::string& key) const;
    double pj(const std::string& key) const { return entry(key).pj(); }
    // The energy of an access of `bits` bits by an entry given for entry.bits bits: linear in the width.
    double pjForBits(const std::string& key, double bits) const;
    // InputError(file, place, "...") listing the missing keys, so a scenario naming a table that lacks what the
    // module needs fails before anything runs.
    void requireEntries(const std::vector<std::string>& keys, const std::string& file, const std::string& place) const;
};

EnergyTable parseEnergyTable(const QByteArray& bytes, const std::string& origin);
std::vector<std::string> builtinEnergyTableNames();  // sorted
// `nameOrPath`: a built-in table's name, or a path ending in .json, relative to the scenario file's folder.
// Errors name `scenarioFile` and `place` (e.g. "params.energy_table") for an unknown name, the table file itself
// for a malformed one.
EnergyTable loadEnergyTable(const std::string& nameOrPath, const std::string& scenarioFile, const std::string& place);

// "key=value" strings (the value in the entry's own unit) applied to the table; errors name
// `place[i]` in `scenarioFile`.
void applyEnergyOverrides(EnergyTable& table, const std::vector<std::string>& overrides, const std::string& scenarioFile,
                          const std::string& place);

// One entry replaced by a value in its own unit (a module's own parameter for it); marked overridden.
void overrideEnergyEntry(EnergyTable& table, const std::string& key, double value);

// ---- Scaling rules (docs/energy.md "Scaling rules") ------------------------------------------------------------

// What an SRAM access of `bits` bits to an array of `bytes` bytes with `ports` ports costs, and how it was obtained.
// Rules:
//  1. Ports: a cell with p ports has p word lines and p bit-line pairs, so its area grows as p²; a p-port SRAM of
//     S bytes is charged as a single-port SRAM of S·p² bytes (AndoCGRA §5.4: multi-port row buffers O(Py³) area).
//  2. Size: between two of the table's sizes (sram_<read|write>_8kb_64b, _32kb_64b, _1mb_64b) the energy is
//     interpolated linearly on log2 of the size; below the smallest and above the largest it scales with the square
//     root of the size from the nearest point (bit and word lines grow as √S; Horowitz's own 8 KB → 32 KB step is
//     exactly √4 = 2×).
//  3. Width: the table's figures are per 64-bit access; an access of b bits costs b/64 of it.
// Every rule is linear in the table's values, so doubling an SRAM entry doubles what it is charged for.
struct SramAccess {
    double pj = 0;
    double equivalentBytes = 0;   // bytes · ports²
    std::vector<std::pair<std::string, double>> weights;  // entry key → its weight: pj = Σ weight · entry.pj()
    std::string rule;             // the rule applied, values substituted
};
SramAccess sramAccess(const EnergyTable& table, bool write, double bytes, int ports, double bits);

// The MAC of a b-bit integer datapath: the multiply and add entries of the narrowest published width ≥ b (8, 16,
// 32); wider than 32 bits uses the 32-bit entries. Floating point: fp16 up to 16 bits, fp32 above.
struct MacEntries {
    std::string mult, add;
};
MacEntries macEntries(int bits, bool floatingPoint);

}  // namespace dfl
