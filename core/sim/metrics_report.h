#pragma once
// What a model reports: summary figures (each with unit and the formula it came from, values substituted),
// tables (per layer / per stage), reference checks against published values, and stated assumptions.
// Shared by the batch CLI (text, metrics.json, CSV) and the GUI (metrics dock, tooltips).

#include <cstdint>
#include <optional>
#include <string>
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

// A scenario's "reference" entry: a summary key, its published value and tolerance.
struct Reference {
    std::string key;
    double published = 0;
    double relTol = 0;
    std::string source;
};

struct ReferenceCheck {
    Reference reference;
    std::optional<double> simulated;  // empty when the model has no such summary key
    double relError = 0;              // |simulated − published| / |published|
    bool passed = false;
};

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

    // Compares each reference with the summary; returns true when every check passed.
    bool checkReferences(const std::vector<Reference>& refs);
    bool allReferencesPassed() const;
};

}  // namespace dfl
