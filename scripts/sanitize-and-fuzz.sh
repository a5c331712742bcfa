#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The hostile-input jobs (docs: fuzz/README.md):
#  - sanitizers: an ASan + UBSan (+ float-cast-overflow) build without the GUI runs the whole CTest suite with
#    halt_on_error, so any report fails the run;
#  - fuzz smoke: each libFuzzer target (clang) for a fixed number of executions over its seed corpus.
# Not yet part of .ci/run: its time on CI's two cores has not been measured (see the README, "Fuzzing and sanitizers").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

start=$(date +%s)
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDFL_SANITIZE=ON -DDFL_BUILD_GUI=OFF
cmake --build build-sanitize -j "$(nproc)"
(cd build-sanitize &&
 ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 DFL_SANITIZED=1 \
 QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)")
echo "sanitizer job: $(( $(date +%s) - start )) s"

start=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDFL_FUZZ=ON \
  -DDFL_BUILD_GUI=OFF -DDFL_BUILD_TESTS=OFF
cmake --build build-fuzz -j "$(nproc)"
fuzz/smoke.sh build-fuzz 2000
echo "fuzz smoke job: $(( $(date +%s) - start )) s"
