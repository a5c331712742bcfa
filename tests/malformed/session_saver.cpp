// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper: saves a large session over PATH again and again until killed (test_session_files kills it).
#include "app/session.h"

#include <QCoreApplication>

#include <iostream>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc != 2) return 2;
    dfl::Session s = dfl::makeSession(dfl::loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/pipeline-mnist-cnn-3stage.json"), 3);
    s.windowLayout = std::string(4 << 20, 'n');
    for (;;) {
        std::cout << "saving" << std::endl;
        dfl::writeSessionFile(s, argv[1]);
    }
}
