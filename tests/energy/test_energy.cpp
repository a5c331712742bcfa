// SPDX-License-Identifier: GPL-3.0-or-later
// The energy model (docs/energy.md): the built-in tables and their published values, the scaling rules, the
// loader's errors, and through real scenarios: every energy is linear in each table entry (doubling one entry
// changes exactly the components charged with it, by exactly that entry's share), the counts are the modules' own
// counters, and a scenario's override reaches the report.
#include "core/cgra/cgra_analysis.h"
#include "core/energy/energy_account.h"
#include "core/energy/energy_table.h"
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/input_error.h"
#include "core/tdnn/tdnn_hardware.h"

#include <QByteArray>
#include <QtTest>

#include <cmath>
#include <limits>
#include <map>
#include <set>

using namespace dfl;

namespace {

std::string scenarioPath(const char* name) { return std::string(DFL_SOURCE_DIR) + "/scenarios/" + name; }

MetricsReport run(const Scenario& s) {
    std::unique_ptr<ClockedModel> model = createModel(s);
    model->reset();
    model->runUntil(std::numeric_limits<std::int64_t>::max());
    return model->metrics();
}

MetricsReport run(const char* scenario, const std::vector<std::string>& sets = {}) {
    std::vector<Override> overrides;
    for (const std::string& s : sets) overrides.push_back(parseOverride(s));
    return run(loadScenarioFile(scenarioPath(scenario), overrides));
}

double number(const Cell& c) {
    if (const auto* i = std::get_if<std::int64_t>(&c)) return double(*i);
    return std::get<double>(c);
}
std::string text(const Cell& c) { return std::get<std::string>(c); }

// component → (µJ, entries column) of a breakdown table.
std::map<std::string, std::pair<double, std::string>> breakdown(const MetricsReport& r,
                                                                const char* table = "energy_breakdown") {
    const Table* t = r.table(table);
    if (!t) qFatal("no table %s", table);
    const int component = t->columnIndex("component"), uj = t->columnIndex("uj"), entries = t->columnIndex("entries");
    std::map<std::string, std::pair<double, std::string>> out;
    for (const auto& row : t->rows) out[text(row[size_t(component)])] = {number(row[size_t(uj)]), text(row[size_t(entries)])};
    return out;
}

double count(const MetricsReport& r, const std::string& component, const char* table = "energy_breakdown") {
    const Table* t = r.table(table);
    const int c = t->columnIndex("component"), n = t->columnIndex("count");
    for (const auto& row : t->rows)
        if (text(row[size_t(c)]) == component) return number(row[size_t(n)]);
    qFatal("no component %s", component.c_str());
}

std::vector<std::string> usedEntries(const MetricsReport& r) {
    std::vector<std::string> keys;
    for (const auto& row : r.table("energy_table")->rows) keys.push_back(text(row[0]));
    return keys;
}

double entryValue(const MetricsReport& r, const std::string& key) {
    for (const auto& row : r.table("energy_table")->rows)
        if (text(row[0]) == key) return number(row[1]);
    qFatal("no entry %s", key.c_str());
}

bool mentions(const std::string& entries, const std::string& key) {
    // whole names only: sram_read_8kb_64b must not match inside another key
    for (size_t at = entries.find(key); at != std::string::npos; at = entries.find(key, at + 1)) {
        const size_t end = at + key.size();
        const bool startOk = at == 0 || !(std::isalnum((unsigned char)entries[at - 1]) || entries[at - 1] == '_');
        const bool endOk = end == entries.size() || !(std::isalnum((unsigned char)entries[end]) || entries[end] == '_');
        if (startOk && endOk) return true;
    }
    return false;
}

// Doubling each used entry in turn: components not charged with it stay exactly the same; the total rises by what
// the components charged with it rise; a component charged with that entry alone doubles.
void checkLinearity(const char* scenario, const std::vector<std::string>& sets, const std::string& summaryKey,
                    const char* table = "energy_breakdown") {
    const MetricsReport base = run(scenario, sets);
    const auto before = breakdown(base, table);
    const std::vector<std::string> keys = usedEntries(base);
    QVERIFY(!keys.empty());
    for (const std::string& key : keys) {
        std::vector<std::string> doubled = sets;
        doubled.push_back("params.energy_overrides=[" + key + "=" + QString::number(2 * entryValue(base, key), 'g', 17).toStdString() + "]");
        const MetricsReport r = run(scenario, doubled);
        const auto after = breakdown(r, table);
        QCOMPARE(after.size(), before.size());
        double rise = 0;
        bool touched = false;
        for (const auto& [component, value] : before) {
            const double now = after.at(component).first;
            if (!mentions(value.second, key)) {
                QVERIFY2(now == value.first, qPrintable(QString::fromStdString(key + " changed " + component)));
                continue;
            }
            touched = true;
            QVERIFY2(now > value.first || value.first == 0, qPrintable(QString::fromStdString(key + ": " + component)));
            if (value.second == key) QVERIFY(std::abs(now - 2 * value.first) <= 1e-12 * std::abs(now));
            rise += now - value.first;
        }
        QVERIFY2(touched, qPrintable(QString::fromStdString(key)));
        if (table == std::string("energy_breakdown")) {
            const double total = r.value(summaryKey) - base.value(summaryKey);
            QVERIFY2(std::abs(total - rise) <= 1e-9 * std::abs(r.value(summaryKey)),
                     qPrintable(QString::fromStdString(key)));
        }
    }
}

}  // namespace

class TestEnergy : public QObject {
    Q_OBJECT
private slots:
    void builtinTablesCarryThePublishedFigures() {
        const std::vector<std::string> names = builtinEnergyTableNames();
        QCOMPARE(names, (std::vector<std::string>{"horowitz-45nm", "neurotrainer-15nm", "tdnn-65nm"}));
        for (const std::string& n : names) {
            const EnergyTable t = loadEnergyTable(n, "", "");
            QCOMPARE(t.name, n);
            for (const auto& [key, e] : t.entries) QVERIFY2(!e.source.empty() && !e.per.empty(), key.c_str());
        }
        // HorowitzEnergy Figure 1.1.9 (45 nm, 0.9 V), in pJ.
        const EnergyTable h = loadEnergyTable("horowitz-45nm", "", "");
        const std::map<std::string, double> published{
            {"int8_add", 0.03}, {"int32_add", 0.1},   {"int8_mult", 0.2},          {"int32_mult", 3.1},
            {"fp16_add", 0.4},  {"fp32_add", 0.9},    {"fp16_mult", 1.1},          {"fp32_mult", 3.7},
            {"sram_read_8kb_64b", 10}, {"sram_read_32kb_64b", 20}, {"sram_read_1mb_64b", 100}};
        for (const auto& [key, pj] : published) QCOMPARE(h.pj(key), pj);
        QVERIFY(h.pj("dram_64b") >= 1300 && h.pj("dram_64b") <= 2600);
        QCOMPARE(h.pj("int16_mult"), std::sqrt(0.2 * 3.1));  // derived: stated in its note
        QVERIFY(h.entry("int16_mult").note.find("derived") != std::string::npos);
        // NeuroTrainer Table 5 and the TDNN's 48.2 TSOp/s/W.
        const EnergyTable nt = loadEnergyTable("neurotrainer-15nm", "", "");
        QCOMPARE(nt.entry("pe_power").value, 0.155);
        QCOMPARE(nt.pj("dram_bit"), 3.7);
        QCOMPARE(loadEnergyTable("tdnn-65nm", "", "").entry("synaptic_op").value, 1e3 / 48.2);
    }

    void sramScalingRules() {
        const EnergyTable h = loadEnergyTable("horowitz-45nm", "", "");
        QCOMPARE(sramAccess(h, false, 8 * 1024, 1, 64).pj, 10.0);
        QCOMPARE(sramAccess(h, false, 32 * 1024, 1, 64).pj, 20.0);
        QCOMPARE(sramAccess(h, true, 1024 * 1024, 1, 64).pj, 100.0);
        QVERIFY(std::abs(sramAccess(h, false, 16 * 1024, 1, 64).pj - 15.0) < 1e-12);  // halfway on log2 of the size
        QVERIFY(std::abs(sramAccess(h, false, 2 * 1024, 1, 64).pj - 5.0) < 1e-12);    // √(2 KB / 8 KB) × 10
        QVERIFY(std::abs(sramAccess(h, false, 4 * 1024 * 1024, 1, 64).pj - 200.0) < 1e-9);  // √4 × 100
        QVERIFY(std::abs(sramAccess(h, false, 8 * 1024, 1, 16).pj - 2.5) < 1e-12);    // 16 of 64 bits
        // Ports: p ports cost as an SRAM p² times larger.
        QCOMPARE(sramAccess(h, false, 512, 4, 64).pj, sramAccess(h, false, 512 * 16, 1, 64).pj);
        // Dearer with size, and with ports.
        QVERIFY(sramAccess(h, false, 100, 17, 16).pj > sramAccess(h, false, 100, 2, 16).pj);
    }

    void malformedTablesAreInputErrors() {
        auto error = [](const char* json) -> std::string {
            try {
                parseEnergyTable(QByteArray(json), "t.json");
            } catch (const InputError& e) {
                return e.what();
            }
            return "(no error)";
        };
        QCOMPARE(error("{"), std::string("t.json: line 1, column 2: invalid JSON: unterminated object"));
        QVERIFY(error(R"({"name": "t", "title": "x", "source": "s", "entries": {"a": {"value": 1, "unit": "mJ", "per": "op", "source": "s"}}})")
                    .find("t.json: entries.a.unit: unknown unit \"mJ\"") == 0);
        QVERIFY(error(R"({"name": "t", "title": "x", "source": "s", "entries": {"a": {"value": 1, "unit": "pJ", "per": "op"}}})")
                    .find("t.json: entries.a.source: missing required key") == 0);
        QVERIFY(error(R"({"name": "t", "title": "x", "source": "s"})").find("t.json: entries: missing required key") == 0);
        QVERIFY(error(R"({"name": "t", "title": "x", "source": "s", "entries": {"a": {"value": -1, "unit": "pJ", "per": "op", "source": "s"}}})")
                    .find("entries.a.value: expected a non-negative number") != std::string::npos);
        try {
            loadEnergyTable("nope", "s.json", "params.energy_table");
            QFAIL("no error");
        } catch (const InputError& e) {
            QCOMPARE(e.file(), std::string("s.json"));
            QCOMPARE(e.place(), std::string("params.energy_table"));
        }
    }

    void cgraEnergyIsLinearInEveryEntry() { checkLinearity("cgra-alexnet-table2.json", {}, "energy_uj_per_image"); }
    void pipelineEnergyIsLinearInEveryEntry() {
        checkLinearity("pipeline-vgg-f-4stage.json", {}, "energy_uj_per_batch");
        checkLinearity("pipeline-vgg-f-4stage.json", {}, "data_parallel_energy_uj_per_batch",
                       "data_parallel_energy_breakdown");
    }
    void neurotrainerEnergyIsLinearInEveryEntry() {
        checkLinearity("neurotrainer-small-cnn.json", {}, "energy_uj_per_image");
    }

    // The counts are the counters the modules already report.
    void cgraCountsAreItsCounters() {
        for (const char* buffers : {"multiport", "multibank"}) {
            const Scenario s = loadScenarioFile(scenarioPath("cgra-alexnet-table2.json"),
                                                {parseOverride(std::string("params.buffers=") + buffers)});
            const MetricsReport r = run(s);
            const Table& layers = *r.table("layers");
            auto sum = [&](const char* column) {
                double total = 0;
                for (const auto& row : layers.rows) total += number(row[size_t(layers.columnIndex(column))]);
                return total;
            };
            QCOMPARE(count(r, "DRAM input words"), sum("input_words"));
            QCOMPARE(count(r, "DRAM weight words"), sum("weight_words"));
            QCOMPARE(count(r, "DRAM output words"), sum("output_words"));
            QCOMPARE(count(r, "row-buffer writes"), r.value(std::string("buffer_writes_") + buffers));
            cgra::CgraConfig c;
            cgra::LayerCost total;
            for (int i = 0; i < s.network->size(); ++i) {
                const Layer& l = s.network->layer(i);
                if (l.type == LayerType::Conv || l.type == LayerType::FullyConnected)
                    total += cgra::closedFormCost(c, cgra::cgraLayerFrom(l, "", ""));
            }
            QCOMPARE(count(r, "MACs (multiply + add)"), double(total.macs));
            QCOMPARE(count(r, "accumulator read"), double(total.macs));
            QCOMPARE(count(r, "row-buffer reads"), double(total.bufferReads));
        }
        // Multi-bank buffers: more writes, each cheaper; the report gives both totals in one run.
        const MetricsReport r = run("cgra-alexnet-table2.json");
        QVERIFY(r.value("buffer_writes_multibank") > r.value("buffer_writes_multiport"));
        QVERIFY(r.value("energy_uj_per_image_multibank") < r.value("energy_uj_per_image_multiport"));
        QCOMPARE(r.value("energy_uj_per_image"), r.value("energy_uj_per_image_multiport"));
    }

    void pipelineCountsAreItsTraffic() {
        const MetricsReport r = run("pipeline-vgg-f-4stage.json");
        const double pipelineBits = (r.value("pipeline_forward_mb_per_batch") + r.value("pipeline_backward_mb_per_batch")) * 8e6;
        QVERIFY(std::abs(count(r, "transfers: off-chip link") - pipelineBits) <= 1e-9 * pipelineBits);
        QCOMPARE(count(r, "transfers: DRAM read + write"), 2 * count(r, "transfers: off-chip link"));
        QCOMPARE(count(r, "transfers: off-chip link", "data_parallel_energy_breakdown"),
                 r.value("data_parallel_mb_per_batch") * 8e6);
        const Table& stages = *r.table("stages");
        double forward = 0;
        for (const auto& row : stages.rows) forward += number(row[size_t(stages.columnIndex("forward_macs"))]);
        QCOMPARE(count(r, "forward MACs"), forward);
        QCOMPARE(count(r, "forward MACs", "data_parallel_energy_breakdown"), forward);
        // Every bit costs the same in both schemes: the transfer energies stand as the traffic does.
        QVERIFY(std::abs(r.value("transfer_energy_ratio") - r.value("bandwidth_ratio")) < 1e-9 * r.value("bandwidth_ratio"));
        QVERIFY(r.value("data_parallel_energy_uj_per_batch") > r.value("energy_uj_per_batch"));
    }

    void neurotrainerCountsAreItsTraffic() {
        const MetricsReport r = run("neurotrainer-small-cnn.json");
        const double bits = r.value("dram_gb_per_image") * 8e9;
        QVERIFY(std::abs(count(r, "DRAM") - bits) <= 1e-9 * bits);
        // Power stays the run's energy over its time, as before (Table 5 plus DRAM at 3.7 pJ/bit).
        const double seconds = r.value("training_ms_per_image") * 1e-3;
        QVERIFY(std::abs(r.value("energy_uj_per_image") * 1e-6 / seconds - r.value("power_w")) <= 1e-9 * r.value("power_w"));
    }

    // An override reaches the report: the entry's value, the mark, the assumption and the energy.
    void overrideReachesTheReport() {
        const MetricsReport base = run("cgra-alexnet-table2.json");
        const MetricsReport r = run("cgra-alexnet-table2.json", {"params.energy_overrides=[dram_64b=1300]"});
        QCOMPARE(entryValue(r, "dram_64b"), 1300.0);
        bool marked = false;
        for (const auto& row : r.table("energy_table")->rows)
            if (text(row[0]) == "dram_64b") marked = text(row[4]) == "yes";
        QVERIFY(marked);
        bool stated = false;
        for (const std::string& a : r.assumptions) stated |= a.find("overridden by the scenario: dram_64b = 1300 pJ") != std::string::npos;
        QVERIFY(stated);
        QVERIFY(r.value("energy_uj_per_image") < base.value("energy_uj_per_image"));
        // NeuroTrainer's older Table 5 parameters are overrides too.
        const MetricsReport nt = run("neurotrainer-small-cnn.json", {"params.pe_w=0.31"});
        QCOMPARE(entryValue(nt, "pe_power"), 0.31);
        // A table file beside the scenario.
        QTemporaryDir dir;
        QFile table(dir.filePath("mine.json"));
        QVERIFY(table.open(QIODevice::WriteOnly));
        QFile builtin(":/energy/horowitz-45nm.json");
        QVERIFY(builtin.open(QIODevice::ReadOnly));
        table.write(builtin.readAll().replace("\"horowitz-45nm\"", "\"mine\""));
        table.close();
        QFile::copy(QString::fromStdString(scenarioPath("cgra-small-layer.json")), dir.filePath("s.json"));
        const MetricsReport own = run(loadScenarioFile(dir.filePath("s.json").toStdString(),
                                                       {parseOverride("params.energy_table=mine.json")}));
        bool named = false;
        for (const std::string& a : own.assumptions) named |= a.find("Energy: table mine (") == 0;
        QVERIFY(named);
    }

    // TDNN: the table holds 1e3 / 48.2 TSOp/s/W exactly, so energy_fj_per_op (checked against the press's 20.6)
    // is the figure it was; the energy per image is one synaptic operation per weight.
    void tdnnFiguresUnchanged() {
        auto table = std::make_shared<const EnergyTable>(loadEnergyTable("tdnn-65nm", "", ""));
        QCOMPARE(femtojoulePerSynapticOp(*table), 1e3 / kTdnnTsopsPerWatt);
        EnergyAccount total(table);
        for (const EnergyAccount& layer : tdnnLayerEnergy({784, 256, 10}, table)) total += layer;
        const double sops = 784.0 * 256 + 256.0 * 10;
        QVERIFY(std::abs(total.totalPj() * 1e-3 - sops * (1e3 / 48.2) * 1e-6) < 1e-12 * sops);
    }
};

QTEST_GUILESS_MAIN(TestEnergy)
#include "test_energy.moc"
