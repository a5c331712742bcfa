#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs dependencies, builds, and opens the GUI on the default scenario
# (with no display: runs the default scenario in batch mode and prints its summary).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDFL_BUILD_TESTS=OFF
cmake --build build --target dataflow-lab -j "$(nproc)"
exec build/app/dataflow-lab "$@"
