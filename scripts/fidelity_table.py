#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the table of docs/fidelity.md from batch runs: one row per reference check of every scenario.

Usage: scripts/fidelity_table.py DATAFLOW_LAB [SCENARIO_DIR] > table.md
       scripts/fidelity_table.py --from-json DIR...   (metrics.json files of earlier `batch --json` runs)

Each scenario runs as `dataflow-lab batch SCENARIO --json`; the row shows the published figure, ours, the status
batch reports and the scenario's reason (or, for a range check, the range). tests/core/scenario's
test_fidelity_doc checks the committed table against the scenario files and the fast modules' runs, so the
document cannot drift from what batch prints.
"""
import json
import os
import subprocess
import sys


def fmt(value):
    if value is None:
        return "(missing)"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return "%.4g" % value


def cell(text):
    return " ".join(text.split()).replace("|", "\\|")


def rows_of(scenario_file, metrics):
    rows = []
    for ref in metrics.get("references", []):
        ours = fmt(ref.get("simulated"))
        if "range" in ref:
            ours += " (range %s – %s)" % (fmt(ref["range"][0]), fmt(ref["range"][1]))
        why = ref.get("reason", "")
        if "implied_value" in ref:
            why = "implies %s: %s" % (fmt(ref["implied_value"]), why)
        if ref.get("note"):
            why = (why + " " if why else "") + "Note: " + ref["note"]
        if not why and ref["status"] == "pass":
            if "within" in ref:
                tol = "inside the range of the documented accountings"
            elif ref["rel_tol"] == 0:
                tol = "exact"
            else:
                tol = "within %s %%" % fmt(100 * ref["rel_tol"])
            why = tol
        rows.append("| `%s` | `%s` | %s | %s | %s | %s | %s |" % (
            os.path.basename(scenario_file), ref["key"], cell(ref.get("source", "")), fmt(ref["published"]), ours,
            ref["status"], cell(why)))
    return rows


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    results = []
    if argv[1] == "--from-json":
        for path in argv[2:]:
            with open(path) as f:
                results.append((path, json.load(f)))
    else:
        exe = argv[1]
        folder = argv[2] if len(argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "scenarios")
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(folder, name)
            with open(path) as f:
                if "reference" not in json.load(f):
                    continue
            run = subprocess.run([exe, "batch", path, "--json"], capture_output=True, text=True)
            if run.returncode not in (0, 1):
                sys.stderr.write(run.stderr)
                return run.returncode
            results.append((name, json.loads(run.stdout)))
    print("| scenario | figure | source | published | ours | status | reason |")
    print("|---|---|---|---|---|---|---|")
    for name, metrics in results:
        for row in rows_of(name, metrics):
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
