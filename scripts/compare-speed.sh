#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times the training lessons side by side against an older commit, the way docs/convergence.md "How fast" reports
# them: both trees built the same way (Release, GUI off, only the executable), then the two executables run the same
# batch jobs in alternation, so a machine that gets busier or quieter affects both alike.
#
#   scripts/compare-speed.sh [BASELINE_COMMIT] [ROUNDS]     (default: 1902a6e, the main issue 15 was filed against; 2)
#
# Each line: round, which build, the job, wall-clock seconds and user CPU seconds; then the ratio of the sums of wall
# time per job. Run it on a quiet machine: other work on the cores skews parallel and serial programs differently.
set -euo pipefail

baseline=${1:-1902a6e}
rounds=${2:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
work=${DFL_COMPARE_DIR:-/tmp/dfl-compare-speed}
mkdir -p "$work"

build() {  # build SOURCE_DIR BUILD_DIR
    cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDFL_BUILD_GUI=OFF -DDFL_BUILD_TESTS=OFF >/dev/null
    cmake --build "$2" --target dataflow-lab >/dev/null
}

if [ ! -d "$work/baseline-src" ]; then
    git -C "$here" worktree add --detach "$work/baseline-src" "$baseline" >/dev/null
fi
git -C "$work/baseline-src" checkout --quiet --detach "$baseline"
echo "building $baseline and the working tree (Release, GUI off) ..."
build "$work/baseline-src" "$work/baseline-build"
build "$here" "$work/current-build"

# The same work in both: the TDNN lesson without the LOGNET study, which the baseline did not have.
jobs=("convergence-fashion-cnn.json" "tdnn-fashion-mnist.json --set params.lognet=false")
log="$work/times.txt"
: >"$log"
for round in $(seq "$rounds"); do
    for who in baseline current; do
        bin="$work/$who-build/app/dataflow-lab"
        scenarios=$([ "$who" = baseline ] && echo "$work/baseline-src/scenarios" || echo "$here/scenarios")
        for job in "${jobs[@]}"; do
            read -r -a words <<<"$job"
            TIMEFORMAT="$round $who ${words[0]} %R %U"
            { time "$bin" batch "$scenarios/${words[0]}" --json "${words[@]:1}" >/dev/null 2>&1; } 2>>"$log"
            tail -1 "$log" | awk '{printf "round %s %-8s %-30s %6.2f s wall %6.2f s user\n", $1, $2, $3, $4, $5}'
        done
    done
done
awk '{wall[$2 " " $3] += $4} END {
    for (k in wall) { split(k, p, " "); if (p[1] == "baseline") jobs[p[2]] = 1 }
    for (j in jobs) printf "%-30s baseline %6.2f s, current %6.2f s: %.1fx\n", j, wall["baseline " j], wall["current " j],
                           wall["baseline " j] / wall["current " j]
}' "$log"
