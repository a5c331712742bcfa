#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every case of tests/data/malformed/cases.tsv through `dataflow-lab batch` and checks its exit code and a
# fragment of its standard error. Each case runs under a limit of 60 s of CPU, 120 s of wall time and (except
# under the sanitizers, whose shadow memory needs more address space) 2 GiB of address space: bad input must be
# refused in bounded time and memory. "never-written" in the arguments is an output folder that must not appear.
# Usage: run_corpus.sh DATAFLOW_LAB CORPUS_DIR
set -uo pipefail
exe=$1
corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
while IFS=$'\t' read -r file expected fragment extra; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  args=()
  if [[ -n "$extra" ]]; then
    IFS='|' read -r -a args <<< "$extra|"
    args=("${args[@]/never-written/$work/never-written}")
  fi
  dir=$(dirname "$corpus/$file")
  (
    cd "$dir" || exit 99
    ulimit -t 60
    [[ -z "${DFL_SANITIZED:-}" ]] && ulimit -v $((2 * 1024 * 1024))
    exec timeout 120 "$exe" batch "$corpus/$file" "${args[@]}" > "$work/out" 2> "$work/err"
  )
  code=$?
  problem=""
  [[ "$code" != "$expected" ]] && problem="exit $code, expected $expected"
  if [[ -n "$fragment" ]] && ! grep -qF -- "$fragment" "$work/err"; then problem="$problem; stderr lacks '$fragment'"; fi
  [[ -e "$work/never-written" ]] && problem="$problem; wrote an output folder for a refused run" && rm -rf "$work/never-written"
  if [[ -n "$problem" ]]; then
    failed=$((failed + 1))
    echo "FAIL $file ${extra:+($extra)}: $problem"
    sed 's/^/    /' "$work/err" | grep -v XDG_RUNTIME | head -3
  else
    passed=$((passed + 1))
  fi
done < "$corpus/cases.tsv"
echo "malformed corpus: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
