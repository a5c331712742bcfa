# SPDX-License-Identifier: GPL-3.0-or-later
# sweep --plan, the jobs run by GNU parallel, sweep --collect: the same table, JSON and sweep.csv as sweep --jobs 1,
# byte for byte; then a failed and a missing point are named. -DEXE -DPARALLEL -DSCENARIO -DWORKDIR -DGOLDEN_CSV
set(VARY --vary params.stages=2,3,4 --vary params.batch=8,16)
set(PLAN ${WORKDIR}/cluster-plan)
file(REMOVE_RECURSE ${PLAN} ${WORKDIR}/cluster-local)

function(run expected_exit)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL expected_exit)
    message(FATAL_ERROR "${ARGN}\nexit ${code}, expected ${expected_exit}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()
function(require_equal what actual expected)
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "${what} differs.\n--- expected:\n${expected}\n--- actual:\n${actual}")
  endif()
endfunction()
function(require_contains what text fragment)
  string(FIND "${text}" "${fragment}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what} lacks \"${fragment}\":\n${text}")
  endif()
endfunction()

# The local sweep (its reference holds at 3 stages only, so it exits 1).
run(1 ${EXE} sweep ${SCENARIO} ${VARY} --jobs 1 --out ${WORKDIR}/cluster-local)
set(local_text "${out}")
run(1 ${EXE} sweep ${SCENARIO} ${VARY} --jobs 1 --json)
set(local_json "${out}")
file(READ ${WORKDIR}/cluster-local/sweep.csv local_csv)

run(0 ${EXE} sweep ${SCENARIO} ${VARY} --plan ${PLAN})
require_contains("plan output" "${out}" "6 jobs in ${PLAN}/jobs.txt")
file(STRINGS ${PLAN}/jobs.txt jobs)
list(LENGTH jobs n)
require_equal("number of job lines" "${n}" "6")
file(READ ${PLAN}/sweep.sbatch sbatch)
require_contains("sweep.sbatch" "${sbatch}" "#SBATCH --array=1-6")
require_contains("sweep.sbatch" "${sbatch}" "\${SLURM_ARRAY_TASK_ID}p")
run(2 ${EXE} sweep ${SCENARIO} ${VARY} --plan ${PLAN})  # never over an existing plan
require_contains("second plan" "${err}" "exists and is not empty")
run(2 ${EXE} sweep --collect ${PLAN})  # nothing has run yet
require_contains("collect before running" "${err}" "6 of 6 sweep points missing or failed")

# GNU parallel runs the lines (exit 1 from the points whose reference fails is theirs, not parallel's failure).
execute_process(COMMAND ${PARALLEL} --will-cite --jobs 2 INPUT_FILE ${PLAN}/jobs.txt RESULT_VARIABLE code)
run(1 ${EXE} sweep --collect ${PLAN})
require_equal("collected table" "${out}" "${local_text}")
file(READ ${PLAN}/sweep.csv plan_csv)
require_equal("sweep.csv" "${plan_csv}" "${local_csv}")
file(READ ${GOLDEN_CSV} golden_csv)
require_equal("sweep.csv against the golden file" "${plan_csv}" "${golden_csv}")
run(1 ${EXE} sweep --collect ${PLAN} --json)
require_equal("collected JSON" "${out}" "${local_json}")

# A point whose job failed and one whose job never ran are both named.
file(REMOVE_RECURSE ${PLAN}/points/0003)
file(WRITE ${PLAN}/points/0003.err "dataflow-lab: something went wrong on node 7\n")
file(REMOVE_RECURSE ${PLAN}/points/0005 ${PLAN}/points/0005.txt ${PLAN}/points/0005.err)
run(2 ${EXE} sweep --collect ${PLAN})
require_contains("collect" "${err}" "2 of 6 sweep points missing or failed")
require_contains("collect" "${err}" "point 3 (params.stages=3, params.batch=8): failed: dataflow-lab: something went wrong on node 7")
require_contains("collect" "${err}" "point 5 (params.stages=4, params.batch=8): missing")
