#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The hostile-input jobs of CI (issue 14; docs: fuzz/README.md), from one clang build without the GUI:
#  - sanitizers: ASan + UBSan + float-cast-overflow (-DDFL_FUZZ=ON implies -DDFL_SANITIZE=ON) on the core, the batch
#    CLI and every test of that build; the whole CTest suite runs with halt_on_error, so any report fails the job;
#  - fuzz smoke: each libFuzzer target for a fixed number of executions over its seed corpus.
# One build serves both (the fuzz targets need the project compiled with clang's coverage hooks anyway): on CI's two
# cores a second, gcc sanitizer build would cost another ~15 minutes. The GUI and its view tests are not in this
# build (they run in the release suite of scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

start=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDFL_FUZZ=ON \
  -DDFL_BUILD_GUI=OFF -DDFL_BUILD_TESTS=ON
cmake --build build-sanitize -j "$(nproc)"
echo "sanitizer build: $(( $(date +%s) - start )) s"

start=$(date +%s)
# DFL_SANITIZED: tests that cap their address space (ulimit -v, RLIMIT_AS) leave it to ASan, which reserves terabytes
# of shadow memory; the time and output limits stay.
(cd build-sanitize &&
 ASAN_OPTIONS=halt_on_error=1:detect_leaks=0:abort_on_error=1 \
 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 DFL_SANITIZED=1 QTEST_FUNCTION_TIMEOUT=900000 \
 QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)")
echo "sanitizer suite: $(( $(date +%s) - start )) s"

start=$(date +%s)
fuzz/smoke.sh build-sanitize 2000
echo "fuzz smoke: $(( $(date +%s) - start )) s"
