// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Module parameters between JSON and typed values, checked against their declarations.

#include "core/sim/param_spec.h"
#include "core/sim/params.h"

#include <QJsonObject>
#include <QJsonValue>

#include <string>
#include <vector>

namespace dfl {

// Unknown keys, wrong types and out-of-range values throw InputError(file, "params.key", reason);
// absent keys take their declared default (or stay absent when optional).
Params validateParams(const std::vector<ParamSpec>& specs, const QJsonObject& values, const std::string& file,
                      const std::string& prefix);

// A --set value: JSON when it parses as JSON, `[a,b]` with bare words as a list, otherwise a string.
QJsonValue overrideValue(const std::string& text);

QJsonValue paramValueToJson(const ParamValue& value);
std::string paramValueText(const ParamValue& value);  // for property panels and reports

}  // namespace dfl
