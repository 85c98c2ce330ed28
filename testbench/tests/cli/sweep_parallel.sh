#!/usr/bin/env bash
# `fabricvp sweep` run three ways on one 24-point study (2 repetitions):
# on 2 local processes (--jobs 2), through `--plan | parallel -j2` and
# --collect, and killed mid-way then resumed; the tables (results.csv,
# results.json, summary.csv) are byte-identical each way, and the resumed
# sweep runs only the missing runs. Then points of three sweeps (generated
# traffic, a collective, an optical platform) against independent
# `fabricvp run --set ...` runs: the same report, metric for metric.
source "$(dirname "$0")/lib.bash" "$@"
command -v jq > /dev/null || { echo "FAIL: jq is needed (scripts/setup.sh installs it)" >&2; exit 1; }

source "$(dirname "$0")/sweep_lib.bash"
STUDY=$TMP/small.study.yaml
small_study "$STUDY"

# 1. --jobs 2: every run ok, one row per run, progress on stderr.
run_cli sweep "$STUDY" --jobs 2 --out "$TMP/local"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "--jobs 2: exit $RC: $ERR"
case $ERR in *"48/48 done"*"0 failed"*ETA*) ;; *) fail "--jobs 2: no final progress line: $ERR" ;; esac
[ "$(wc -l < "$TMP/local/results.csv")" -eq 49 ] || fail "--jobs 2: expected 48 rows + header"
[ "$(grep -c ',ok,$' "$TMP/local/results.csv")" -eq 48 ] || fail "--jobs 2: not every run ok"
head -1 "$TMP/local/results.csv" | grep -qF 'point,repetition,seed,platform,workload.load,links.cu.channel[1].length [m],latency_ns.p99' ||
  fail "--jobs 2: header: $(head -1 "$TMP/local/results.csv")"
# point 4 = load 0.2 (second), length 1m (second): SI values in the row
grep -q '^4,1,8,cli_test,0.2,1,' "$TMP/local/results.csv" || fail "--jobs 2: row of point 4 rep 1: $(grep '^4,1,' "$TMP/local/results.csv")"
[ "$(wc -l < "$TMP/local/summary.csv")" -eq 25 ] || fail "--jobs 2: summary rows"
[ -s "$TMP/local/timing.csv" ] || fail "--jobs 2: no timing.csv"
jq -e '.runs | length == 48' "$TMP/local/results.json" > /dev/null || fail "--jobs 2: results.json runs"
jq -e '.overrides == ["simulation.duration=1us","simulation.warmup=0.2us","workload.load=0.2","links.cu.channel[1].length=1m"] and .seeds == [7,8]' \
  "$TMP/local/points/4/point.json" > /dev/null || fail "--jobs 2: point.json of point 4: $(cat "$TMP/local/points/4/point.json")"
if command -v gnuplot > /dev/null; then
  [ -s "$TMP/local/charts/chart0.svg" ] || fail "--jobs 2: gnuplot on PATH but no chart"
fi

# 2. --plan | parallel -j2, then --collect: the same tables.
if command -v parallel > /dev/null; then
  "$BIN" sweep "$STUDY" --plan --out "$TMP/par" > "$TMP/plan.txt" 2> "$TMP/plan.err"
  CASES=$((CASES + 1))
  [ "$(wc -l < "$TMP/plan.txt")" -eq 24 ] || fail "--plan: expected 24 lines: $(cat "$TMP/plan.err")"
  parallel -j2 < "$TMP/plan.txt" || fail "parallel: exit $?"
  run_cli sweep --collect "$TMP/par"
  [ "$RC" -eq 0 ] || fail "--collect: exit $RC: $ERR"
  same_tables "parallel vs --jobs 2" "$TMP/local" "$TMP/par"
else
  fail "GNU parallel is not installed (scripts/setup.sh installs it)"
fi

# 3. Killed mid-way (a --jobs 1 sweep, SIGKILL once 5 runs are recorded), then resumed.
"$BIN" sweep "$STUDY" --jobs 1 --out "$TMP/resume" -q > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  done_runs=$(find "$TMP/resume/points" -name status.json 2> /dev/null | wc -l)
  [ "$done_runs" -ge 5 ] && break
  sleep 0.005
done
{ kill -KILL "$pid" && wait "$pid"; } 2> /dev/null
sleep 0.5 # its children die with it (PR_SET_PDEATHSIG); a rename in flight completes first
find "$TMP/resume/points" -name status.json -printf '%p %T@\n' | sort > "$TMP/before.txt"
before=$(wc -l < "$TMP/before.txt")
CASES=$((CASES + 1))
[ "$before" -ge 5 ] && [ "$before" -lt 48 ] || fail "resume: killed after $before runs (expected 5..47)"
run_cli sweep "$STUDY" --jobs 2 --out "$TMP/resume"
[ "$RC" -eq 0 ] || fail "resume: exit $RC: $ERR"
case $ERR in *"48/48 done ($before skipped)"*) ;; *) fail "resume: expected $before skipped: $ERR" ;; esac
while read -r file stamp; do
  [ "$(find "$file" -printf '%T@')" = "$stamp" ] || fail "resume: $file was run again"
done < "$TMP/before.txt"
same_tables "resumed vs uninterrupted" "$TMP/local" "$TMP/resume"
# Run again: nothing left to do.
run_cli sweep "$STUDY" --out "$TMP/resume"
case $ERR in *"48/48 done (48 skipped)"*) ;; "") ;; *) fail "rerun: ran something: $ERR" ;; esac

# table_has DIR POINT REP COLUMN NUMBER WHAT: DIR/results.csv holds NUMBER there.
table_has() {
  local cell
  cell=$(awk -F, -v p="$2" -v r="$3" -v c="$4" '$1 == p && $2 == r { print $c }' "$TMP/${1#TMP/}/results.csv")
  CASES=$((CASES + 1))
  [ -n "$cell" ] && [ -n "$5" ] && awk -v a="$cell" -v b="$5" 'BEGIN { exit !(a + 0 == b + 0) }' ||
    fail "$6: results.csv has '$cell', the independent run '$5'"
}

# 4. Sweep points against independent runs of the same point.
# same_as_run WHAT SWEEP_OUT POINT REP PLATFORM: the report of the sweep's run
# equals `fabricvp run PLATFORM --set ...` with the point.json overrides and seed.
same_as_run() {
  local what=$1 out=$2 k=$3 r=$4 platform=$5 args=() o
  while IFS= read -r o; do args+=(--set "$o"); done < <(jq -r '.overrides[]' "$out/points/$k/point.json")
  args+=(--set "simulation.seed=$(jq -r ".seeds[$r]" "$out/points/$k/point.json")")
  run_cli run "$platform" "${args[@]}" -q --report "$TMP/indep.json" --out "$TMP/indep"
  CASES=$((CASES + 1))
  [ "$RC" -eq 0 ] || { fail "$what: run exit $RC: $ERR"; return; }
  [ "$(jq -S 'del(.perf)' "$out/points/$k/rep$r/report.json")" = "$(jq -S 'del(.perf)' "$TMP/indep.json")" ] ||
    fail "$what: the sweep's report differs from fabricvp run ${args[*]}"
}
same_as_run "generated traffic point 13 rep 1" "$TMP/local" 13 1 "$TMP/base.yaml"
# and the table holds that run's number (compared as numbers: jq prints 17 digits)
table_has TMP/local 13 1 7 "$(jq '.latency_ns.p99' "$TMP/indep.json")" "p99 of point 13"

cat > "$TMP/coll.study.yaml" <<YAML
fabricvp_study: 1
name: coll
platforms: [$SRC/platforms/allreduce_switch8.yaml]
axes:
  workload.message_size: {from: 64KiB, to: 256KiB, factor: 4}
metrics: [collective.busbw_gbps, collective.time_s, power.energy_pj_per_bit]
YAML
run_cli sweep "$TMP/coll.study.yaml" --jobs 2 --out "$TMP/coll"
[ "$RC" -eq 0 ] || fail "collective sweep: exit $RC: $ERR"
same_as_run "collective point 1" "$TMP/coll" 1 0 "$SRC/platforms/allreduce_switch8.yaml"
table_has TMP/coll 1 0 6 "$(jq '.collective.busbw_gbps' "$TMP/indep.json")" "busbw of point 1"
table_has TMP/coll 1 0 5 262144 "message size of point 1 in bytes"

cat > "$TMP/optical.study.yaml" <<YAML
fabricvp_study: 1
name: optical
platforms: [$SRC/platforms/switch51t_cpo.yaml]
set: {simulation.duration: 1us, simulation.warmup: 0.2us}
axes:
  workload.load: [0.3, 0.6]
metrics: [power.energy_pj_per_bit, links.worst_optical_margin_db, power.by_class.laser]
YAML
run_cli sweep "$TMP/optical.study.yaml" --jobs 2 --out "$TMP/optical"
[ "$RC" -eq 0 ] || fail "optical sweep: exit $RC: $ERR"
same_as_run "optical point 1" "$TMP/optical" 1 0 "$SRC/platforms/switch51t_cpo.yaml"
table_has TMP/optical 1 0 7 "$(jq '[.links[].optical.margin_db] | min' "$TMP/indep.json")" \
  "worst optical margin of point 1"
table_has TMP/optical 1 0 6 "$(jq '.power.energy_pj_per_bit' "$TMP/indep.json")" "pJ/bit of point 1"

# A --point run before any plan, then --collect with the study: the folder is a sweep's.
run_cli sweep "$STUDY" --point 4 --out "$TMP/first"
run_cli sweep --collect "$TMP/first" "$STUDY"
CASES=$((CASES + 1))
[ "$RC" -eq 1 ] || fail "--point then --collect STUDY: exit $RC (expected 1: runs missing): $ERR"
[ "$(grep -c ',ok,$' "$TMP/first/results.csv")" -eq 2 ] && [ "$(grep -c ',missing,$' "$TMP/first/results.csv")" -eq 46 ] ||
  fail "--point then --collect STUDY: expected 2 ok and 46 missing"
grep -q '^4,1,8,cli_test,0.2,1,' "$TMP/first/results.csv" || fail "--point 4: not in the table"

# --slurm --slurm-pilot: the last point runs here first (recorded, so a later
# sweep skips it); time and memory per task come from it (floors for runs this small).
run_cli sweep "$STUDY" --slurm --slurm-pilot --max-array-size 8 --out "$TMP/pilot"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "--slurm-pilot: exit $RC: $ERR"
case $ERR in *"pilot point 23: "*"6 run(s) per task: --time=00:01:00 --mem="*) ;; *) fail "--slurm-pilot: $ERR" ;; esac
grep -q '^#SBATCH --time=00:01:00$' "$TMP/pilot/sweep.sbatch" && grep -Eq '^#SBATCH --mem=[0-9]+M$' "$TMP/pilot/sweep.sbatch" ||
  fail "--slurm-pilot: script limits: $(grep -E 'time|mem' "$TMP/pilot/sweep.sbatch")"
jq -e '.status == "ok"' "$TMP/pilot/points/23/rep1/status.json" > /dev/null || fail "--slurm-pilot: point 23 not recorded"

# 5. A point that cannot run (10 m of copper: over budget) is recorded with
# its error; the points before and after it run; the sweep exits 1.
cat > "$TMP/rejected.study.yaml" <<'YAML'
fabricvp_study: 1
name: rejected
platforms: [base.yaml]
set: {simulation.duration: 1us, simulation.warmup: 0.2us}
axes:
  links.cu.channel[1].length: [1m, 10m, 2m]
metrics: [latency_ns.p99]
YAML
run_cli sweep "$TMP/rejected.study.yaml" --jobs 2 --out "$TMP/rejected"
CASES=$((CASES + 1))
[ "$RC" -eq 1 ] || fail "rejected point: exit $RC, expected 1: $ERR"
grep -q '^0,0,7,cli_test,1,[0-9.]*,ok,$' "$TMP/rejected/results.csv" &&
  grep -q '^2,0,7,cli_test,2,[0-9.]*,ok,$' "$TMP/rejected/results.csv" &&
  grep -q '^1,0,7,cli_test,10,,rejected,".*exceeds the SerDes budget' "$TMP/rejected/results.csv" ||
  fail "rejected point: table: $(cat "$TMP/rejected/results.csv")"

finish
