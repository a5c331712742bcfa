// SPDX-License-Identifier: GPL-3.0-or-later
// docs/fidelity.md cannot drift from the scenarios and what batch reports: every reference check of every shipped
// scenario has exactly one row, with the scenario's source and published value, and the status batch gives. The
// fast modules are run here and their simulated value checked too; the training modules (convergence, tdnn take
// minutes) are checked against the status their scenario declares. Sources cite docs/references.md keys, never
// seed file numbers.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/clocked_model.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

#include <cmath>
#include <limits>
#include <map>

using namespace dfl;

namespace {

struct Row {
    QString source, published, ours, status;
};

// Cells of one table row; "\|" inside a cell is a literal bar.
QStringList cellsOf(const QString& line) {
    QStringList cells;
    QString current;
    for (int i = 1; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
            current += '|';
            ++i;
        } else if (line[i] == '|') {
            cells << current.trimmed();
            current.clear();
        } else {
            current += line[i];
        }
    }
    return cells;
}

QString unquoted(QString text) { return text.remove('`'); }

// As scripts/fidelity_table.py writes numbers: integers whole, others with 4 significant digits.
QString numberText(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return QString::number(qint64(value));
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.4g", value);
    return buffer;
}

std::map<std::pair<QString, QString>, Row> documentRows() {
    QFile f(DFL_SOURCE_DIR "/docs/fidelity.md");
    if (!f.open(QIODevice::ReadOnly)) qFatal("docs/fidelity.md is missing");
    std::map<std::pair<QString, QString>, Row> rows;
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n')) {
        if (!line.startsWith("| `")) continue;
        const QStringList c = cellsOf(line);
        if (!c.front().endsWith(".json`")) continue;  // the status legend above the table
        if (c.size() < 7) qFatal("fidelity.md: a row with fewer than 7 cells: %s", qPrintable(line));
        const auto key = std::make_pair(unquoted(c[0]), unquoted(c[1]));
        if (rows.count(key)) qFatal("fidelity.md: two rows for %s %s", qPrintable(key.first), qPrintable(key.second));
        rows[key] = {c[2], c[3], c[4], c[5]};
    }
    return rows;
}

QString declaredStatus(const Reference& r) {
    switch (r.expect) {
    case ReferenceExpectation::Match: return "pass";
    case ReferenceExpectation::NotReproduced: return "not-reproduced";
    case ReferenceExpectation::InconsistentSource: return "inconsistent-source";
    }
    return {};
}

bool trainsNetworks(const std::string& module) { return module == "convergence" || module == "tdnn"; }

}  // namespace

class TestFidelityDoc : public QObject {
    Q_OBJECT
private slots:
    void everyReferenceCheckHasOneRowThatAgrees() {
        std::map<std::pair<QString, QString>, Row> rows = documentRows();
        QDir dir(DFL_SOURCE_DIR "/scenarios");
        for (const QString& file : dir.entryList({"*.json"}, QDir::Files)) {
            const Scenario s = loadScenarioFile(dir.filePath(file).toStdString());
            if (s.references.empty()) continue;
            MetricsReport report;
            const bool run = !trainsNetworks(s.module);
            if (run) {
                auto model = createModel(s);
                model->reset();
                while (!model->done()) model->runUntil(std::numeric_limits<std::int64_t>::max());
                report = model->metrics();
                report.checkReferences(s.references);
            }
            for (size_t i = 0; i < s.references.size(); ++i) {
                const Reference& ref = s.references[i];
                const QString where = file + " " + QString::fromStdString(ref.key);
                const auto it = rows.find({file, QString::fromStdString(ref.key)});
                QVERIFY2(it != rows.end(), qPrintable("docs/fidelity.md has no row for " + where));
                const Row& row = it->second;
                QVERIFY2(row.source == QString::fromStdString(ref.source).simplified(),
                         qPrintable(where + ": source differs from the scenario's"));
                QVERIFY2(row.published == numberText(ref.published), qPrintable(where + ": published " + row.published));
                if (run) {
                    const ReferenceCheck& c = report.references[i];
                    QVERIFY2(row.status == QString::fromStdString(referenceStatusName(c.status)),
                             qPrintable(where + ": the document says " + row.status + ", batch says " +
                                        QString::fromStdString(referenceStatusName(c.status))));
                    QVERIFY2(c.simulated && row.ours.startsWith(numberText(*c.simulated)),
                             qPrintable(where + ": ours " + row.ours + ", batch " + numberText(c.simulated.value_or(NAN))));
                } else {
                    QVERIFY2(row.status == declaredStatus(ref), qPrintable(where + ": status " + row.status));
                }
                rows.erase(it);
            }
        }
        for (const auto& [key, row] : rows)
            QFAIL(qPrintable("docs/fidelity.md has a row for a check no scenario makes: " + key.first + " " + key.second));
    }

    void sourcesCiteReferenceKeysNotSeedFiles() {
        QDir dir(DFL_SOURCE_DIR "/scenarios");
        const QRegularExpression seedFile("seed 00\\d|seed file", QRegularExpression::CaseInsensitiveOption);
        for (const QString& file : dir.entryList({"*.json"}, QDir::Files)) {
            QFile f(dir.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!QString::fromUtf8(f.readAll()).contains(seedFile), qPrintable(file + " names a seed file"));
        }
    }
};

QTEST_GUILESS_MAIN(TestFidelityDoc)
#include "test_fidelity_doc.moc"
