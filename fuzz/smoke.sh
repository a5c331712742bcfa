#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs each fuzz target for RUNS executions over its seed corpus (CI's smoke job). Usage: smoke.sh BUILD_DIR RUNS
set -euo pipefail
build=$1
runs=$2
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
"$build/fuzz/dfl-fuzz-seeds" "$seeds"
for target in scenario:scenario network_json:network-json scalesim_csv:scalesim-csv idx:idx session:session; do
  name=${target%%:*}
  corpus=${target##*:}
  mkdir -p "$seeds/new-$name"
  # A session input is a whole lesson replayed to its saved cycle: ~0.5 s per execution under the sanitizers, against
  # milliseconds for the parsers, so it gets a tenth of the executions (2000 took over ten minutes on two cores).
  target_runs=$runs
  [[ $name == session ]] && target_runs=$(( runs / 10 ))
  "$build/fuzz/fuzz_$name" -runs="$target_runs" -seed=1 -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=30 \
    -artifact_prefix="$seeds/" "$seeds/new-$name" "$seeds/$corpus" 2>&1 | tail -n 2
done
echo "fuzz smoke: 5 targets, $runs runs each (session $(( runs / 10 ))), no crash"
