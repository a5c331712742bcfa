// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scenario/scenario_edit.h"

#include "core/scenario/json_params.h"
#include "core/sim/input_error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dfl {

Scenario editScenario(const Scenario& base, const std::vector<Override>& overrides) {
    if (base.json.empty()) throw InputError(base.file, "params", "this scenario has no JSON source to rebuild from");
    return loadScenarioText(base.json, base.file, overrides);
}

Scenario editScenario(const Scenario& base, const ParamEdits& edits) {
    const QJsonObject params =
        QJsonDocument::fromJson(QByteArray::fromStdString(base.json)).object().value("params").toObject();
    std::vector<Override> overrides;
    for (const auto& [key, value] : edits) {
        if (value) {
            const QJsonArray wrapped{paramValueToJson(*value)};  // the override's text is the value as JSON
            const QByteArray text = QJsonDocument(wrapped).toJson(QJsonDocument::Compact);
            overrides.push_back({"params." + key, text.mid(1, text.size() - 2).toStdString()});
        } else if (params.contains(QString::fromStdString(key))) {
            overrides.push_back({"params." + key, std::nullopt});
        }
    }
    return editScenario(base, overrides);
}

}  // namespace dfl
