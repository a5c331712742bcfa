// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one error type for bad user input: names the file, the place in it and the reason.
// Batch mode turns it into exit code 2, the GUI into a dialog.

#include <stdexcept>
#include <string>

namespace dfl {

class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::string place, std::string reason)
        : std::runtime_error(compose(file, place, reason)),
          file_(std::move(file)), place_(std::move(place)), reason_(std::move(reason)) {}

    const std::string& file() const { return file_; }
    const std::string& place() const { return place_; }    // a key path ("params.stages") or "line 3, column 2"
    const std::string& reason() const { return reason_; }
    // The same error with `note` appended to its reason, e.g. which side or sweep point it came from.
    InputError withNote(const std::string& note) const { return InputError(file_, place_, reason_ + note); }

private:
    static std::string compose(const std::string& file, const std::string& place, const std::string& reason) {
        std::string text = file.empty() ? std::string("<input>") : file;
        if (!place.empty()) text += ": " + place;
        return text + ": " + reason;
    }
    std::string file_, place_, reason_;
};

}  // namespace dfl
