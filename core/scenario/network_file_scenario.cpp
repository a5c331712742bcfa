// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scenario/network_file_scenario.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace dfl {

bool isNetworkFile(const std::string& path) {
    const QString suffix = QFileInfo(QString::fromStdString(path)).suffix().toLower();
    return suffix == "onnx" || suffix == "csv";
}

Scenario networkFileScenario(const std::string& path) {
    const QString fileName = QFileInfo(QString::fromStdString(path)).fileName();
    const QJsonObject scenario{{"name", fileName},
                               {"description", "the network in " + fileName},
                               {"module", "network"},
                               {"network", fileName}};  // resolved beside `path`, the scenario's file
    return loadScenarioText(QJsonDocument(scenario).toJson().toStdString(), path);
}

}  // namespace dfl
