// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a model reports: summary figures (each with unit and the formula it came from, values substituted),
// tables (per layer / per stage), reference checks against published values, and stated assumptions.
// Shared by the batch CLI (text, metrics.json, CSV) and the GUI (metrics dock, tooltips).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dfl {

struct Figure {
    std::string key;          // e.g. "pipeline_forward_mb_per_batch"
    double value = 0;
    std::string unit;         // "MB", "ms", "" ...
    std::string formula;      // how it was obtained, values substituted; may be empty
    std::string description;  // one line for people
};

using Cell = std::variant<std::int64_t, double, std::string>;

struct Column {
    std::string name;
    std::string unit;
};

struct Table {
    std::string name;  // e.g. "layers"; also the CSV file name
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;

    void addRow(std::vector<Cell> row);  // throws std::logic_error when the width does not match
    int columnIndex(const std::string& column) const;  // -1 when absent
};

// What a scenario expects of a published figure (docs/fidelity.md). A scenario may declare only the two outcomes
// that have a documented reason; a plain miss is always a failure.
enum class ReferenceExpectation {
    Match,               // the model must reproduce the figure within rel_tol
    NotReproduced,       // the model and the source disagree for the documented `reason`
    InconsistentSource,  // the source contradicts itself: `reason` shows the arithmetic, `impliedValue` its result
};

// A scenario's "reference" entry: a summary key, its published value and tolerance.
struct Reference {
    std::string key;
    double published = 0;
    double relTol = 0;
    std::string source;  // a docs/references.md key plus section, figure or table
    ReferenceExpectation expect = ReferenceExpectation::Match;
    std::string reason;                  // non-empty exactly when expect is not Match
    std::optional<double> impliedValue;  // InconsistentSource: the figure the source's own other numbers give
    // Where the source is silent on its accounting: the summary keys of the least and the most the documented
    // accountings give. The check then asks whether the published figure lies in [min, max] (each widened by
    // rel_tol) instead of comparing it with `key` alone.
    std::optional<std::pair<std::string, std::string>> within;
};

// The four outcomes of a reference check, as shown in text, JSON (`status`), the GUI and the exit code.
enum class ReferenceStatus {
    Pass,                // within rel_tol of the published figure
    Fail,                // a plain miss, a missing key, or a declared outcome whose premise does not hold (exit 1)
    NotReproduced,       // declared not-reproduced with a reason, and indeed outside the tolerance (exit 0)
    InconsistentSource,  // declared inconsistent, and the model is within rel_tol of the implied figure (exit 0)
};
std::string referenceStatusName(ReferenceStatus status);  // "pass", "fail", "not-reproduced", "inconsistent-source"

struct ReferenceCheck {
    Reference reference;
    std::optional<double> simulated;  // empty when the model has no such summary key
    double relError = 0;              // |simulated − published| / |published|
    std::optional<double> impliedRelError;  // |simulated − implied| / |implied| for an inconsistent source
    std::optional<std::pair<double, double>> range;  // the values of reference.within's two keys
    bool withinTolerance = false;  // published and simulated agree within rel_tol (or the range holds the figure)
    ReferenceStatus status = ReferenceStatus::Fail;
    std::string note;     // why the status differs from what the scenario declared; empty when it agrees
};

// The check of one reference against a simulated value (absent: the model has no such key). Rules:
// Match → pass within rel_tol, else fail. NotReproduced → not-reproduced outside rel_tol; within it the figure
// passes after all and the note says the declaration is out of date. InconsistentSource → inconsistent-source
// when the model is within rel_tol of the implied figure, otherwise fail. A missing key always fails. With
// `within`, "within rel_tol" means the published figure lies in the range (missing range keys fail).
ReferenceCheck checkReference(const Reference& ref, std::optional<double> simulated,
                              std::optional<std::pair<double, double>> range = std::nullopt);

class MetricsReport {
public:
    std::string scenario;  // scenario name
    std::string module;
    std::vector<Figure> summary;
    std::vector<Table> tables;
    std::vector<std::string> assumptions;  // stated in the report, e.g. memory accounting choices
    std::vector<ReferenceCheck> references;

    Figure& add(std::string key, double value, std::string unit = {}, std::string formula = {},
                std::string description = {});
    const Figure* find(const std::string& key) const;
    double value(const std::string& key) const;  // throws std::out_of_range naming the key
    Table& addTable(std::string name, std::vector<Column> columns);
    const Table* table(const std::string& name) const;

    // Compares each reference with the summary; returns true when no check failed (the batch exit code).
    bool checkReferences(const std::vector<Reference>& refs);
    bool allReferencesPassed() const;  // every check is `pass`
    bool noReferenceFailed() const;    // no check is `fail` (not-reproduced and inconsistent-source are results)
    // The most telling status over all checks: fail, then not-reproduced, then inconsistent-source, then pass.
    std::optional<ReferenceStatus> overallReferenceStatus() const;
};

}  // namespace dfl
