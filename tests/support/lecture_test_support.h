// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the lecture-ready suites: the shipped scenarios, one per module, and a moment worth saving.

#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace dfl::lecture {

inline QString scenariosDir() { return QStringLiteral(DFL_SOURCE_DIR "/scenarios"); }
inline QString scenarioPath(const char* name) { return QDir(scenariosDir()).filePath(name); }

// The first shipped scenario of every module that has one (alphabetical): every module that has landed.
inline std::map<std::string, std::string> firstScenarioPerModule() {
    std::map<std::string, std::string> out;
    for (const QString& f : QDir(scenariosDir()).entryList({"*.json"}, QDir::Files, QDir::Name)) {
        const std::string path = QDir(scenariosDir()).filePath(f).toStdString();
        const Scenario s = loadScenarioFile(path);
        out.emplace(s.module, path);  // keeps the first
    }
    return out;
}

// The modules that train a real network when their model is built: the same scenario on fewer samples, so a
// suite that restores every module stays fast (the round trip does not depend on the training set's size).
inline QString smallerTraining(const std::string& module) {
    if (module == "tdnn") return "params.train_samples=300 params.test_samples=100 params.epochs=1 params.chips=1";
    if (module == "convergence")
        return "params.train_samples=256 params.test_samples=100 params.epochs=1 params.stages=[2]";
    return {};
}

// The scenario at `path` with smallerTraining's overrides for its module.
inline Scenario smallScenario(const std::string& path) {
    std::vector<Override> overrides;
    for (const QString& c : smallerTraining(loadScenarioFile(path).module).split(' ', Qt::SkipEmptyParts))
        overrides.push_back(parseOverride(c.toStdString()));
    return loadScenarioFile(path, overrides);
}

// Settings and the autosave of a suite that opens the main window go to `dir` and a test location, not the user's.
inline void isolateSettings(const QString& dir, const QString& application) {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QCoreApplication::setOrganizationName("dfl-test");
    QCoreApplication::setApplicationName(application);
}

// A cycle in the middle of the run (so a restore has to replay), small enough for a fast test.
inline std::int64_t midCycle(std::int64_t expected) {
    if (expected < 0) return 3;
    return std::min<std::int64_t>(expected / 2, 2000);
}

}  // namespace dfl::lecture
