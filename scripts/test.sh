#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs dependencies, builds everything and runs every test through CTest (views offscreen; test_window_manager
# under xvfb-run with openbox, README "Building by hand").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-tests -G Ninja -DCMAKE_BUILD_TYPE=Release -DDFL_BUILD_TESTS=ON
cmake --build build-tests -j "$(nproc)"
cd build-tests
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)" "$@"
