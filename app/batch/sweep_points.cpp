// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/batch/sweep_points.h"

#include "core/sim/input_error.h"

namespace dfl {

std::vector<SweepPoint> sweepPoints(const std::vector<VariedKey>& varied) {
    size_t count = 1;
    for (const VariedKey& v : varied) {
        count *= v.values.size();
        if (count > maxSweepPoints)
            throw InputError("command line", "--vary", "more than " + std::to_string(maxSweepPoints) +
                                                           " points: split the sweep into smaller ones");
    }
    std::vector<SweepPoint> points(count);
    // Point i's value for key k: the digits of i in the mixed radix of the list sizes, the last key fastest.
    for (size_t i = 0; i < count; ++i) {
        points[i].number = int(i + 1);
        points[i].settings.resize(varied.size());
        size_t rest = i;
        for (size_t k = varied.size(); k-- > 0;) {
            const size_t n = varied[k].values.size();
            points[i].settings[k] = {varied[k].keyPath, varied[k].values[rest % n]};
            rest /= n;
        }
    }
    return points;
}

std::string describePoint(const SweepPoint& point) {
    std::string text;
    for (const Override& s : point.settings) text += (text.empty() ? "" : ", ") + s.keyPath + "=" + s.value.value_or("");
    return text;
}

}  // namespace dfl
