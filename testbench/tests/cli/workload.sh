#!/usr/bin/env bash
# Workload files on the command line: `run --workload FILE` end to end, a
# missing or bad file (exit 2, one line naming the file, line and path) under
# run and validate, and `workload: {file: ...}` in a platform, relative to the
# platform file's folder.
source "$(dirname "$0")/lib.bash" "$@"
P=$TMP/base.yaml

# A good workload file. Lines: 1 version, 2 jobs, 3 name, 4 iterations,
# 5 steps, 6 fwd, 7 grads.
good_workload() {
  cat <<'YAML'
fabricvp_workload: 1
jobs:
  - name: train
    iterations: 2
    steps:
      - {name: fwd, compute: 1us}
      - {name: grads, op: all_reduce, size: 64KiB}
YAML
}
good_workload > "$TMP/wl.yaml"
good_workload | sed -e '7s/size:/sizee:/' > "$TMP/wl_bad.yaml"

# check_run WHAT REPORT: the last run exited 0 and REPORT has the good
# workload's four operations (two iterations of fwd and grads).
check_run() {
  CASES=$((CASES + 1))
  if [ "$RC" -ne 0 ]; then
    fail "$1: exit $RC: $ERR"
    return
  fi
  local names
  names=$(grep -o '"name": "[a-z_]*#[0-9]"' "$2" | sed -e 's/"name": //; s/"//g' | sort | tr '\n' ' ')
  [ "$names" = "fwd#0 fwd#1 grads#0 grads#1 " ] || fail "$1: operations '$names'"
}

# run: exit 0, the report has the four operations, complete, and the summary
# says so.
run_cli run "$P" --workload "$TMP/wl.yaml" --out "$TMP/out" --report "$TMP/run.json"
check_run "run --workload" "$TMP/run.json"
if [ "$RC" -eq 0 ]; then
  grep -q '"kind": "all_reduce"' "$TMP/run.json" || fail "run --workload: no all_reduce in the report"
  grep -q '"complete": false' "$TMP/run.json" && fail "run --workload: something is incomplete"
  grep -q '"violations": 0' "$TMP/run.json" || fail "run --workload: scoreboard violations"
  case $OUT in *grads*) ;; *) fail "run --workload: the summary does not name the steps: $OUT" ;; esac
fi

# A missing file, under run and validate: the file is named.
run_cli run "$P" -q --out "$TMP/out" --workload "$TMP/nope.yaml"
check_error "missing workload (run)" "fabricvp: error: " "nope.yaml" "cannot open"
run_cli validate "$P" --workload "$TMP/nope.yaml"
check_error "missing workload (validate)" "fabricvp: error: " "nope.yaml" "cannot open"

# A bad file: file, line and path, before any simulation.
run_cli run "$P" -q --out "$TMP/out" --workload "$TMP/wl_bad.yaml"
check_error "bad workload (run)" "fabricvp: error: " "wl_bad.yaml:7: " "jobs[0].steps[1].sizee" \
  "unknown key"
[ -e "$TMP/out/cli_test.report.json" ] && fail "bad workload (run): a report was written"
run_cli validate "$P" --workload "$TMP/wl_bad.yaml"
check_error "bad workload (validate)" "fabricvp: error: " "wl_bad.yaml:7: " \
  "jobs[0].steps[1].sizee" "unknown key"
# Problems that need the platform: ranks beyond its endpoints, a network no
# link kind has.
good_workload | sed -e '4s/iterations: 2/ranks: 0..4/' > "$TMP/wl_ranks.yaml"
run_cli validate "$P" --workload "$TMP/wl_ranks.yaml"
check_error "rank out of range" "fabricvp: error: " "wl_ranks.yaml:4: " "jobs[0].ranks" \
  "out of range (there are 4)"
# A collective of one rank moves nothing: refused, for a workload file's step
# and for the platform's own collective.
good_workload | sed -e '4s/iterations: 2/ranks: [0]/' > "$TMP/wl_one.yaml"
run_cli validate "$P" --workload "$TMP/wl_one.yaml"
check_error "one-rank collective" "fabricvp: error: " "wl_one.yaml:" "ranks" \
  "at least 2 ranks"
run_cli validate "$P" --set workload.pattern=all_reduce --set workload.ranks=1
check_error "one-rank platform collective" "fabricvp: error: " "workload.ranks" \
  "at least 2 ranks"
good_workload | sed -e '4s/iterations: 2/scale_out_network: ethernet/' > "$TMP/wl_net.yaml"
run_cli validate "$P" --workload "$TMP/wl_net.yaml"
check_error "unknown network" "fabricvp: error: " "wl_net.yaml:4: " "jobs[0].scale_out_network" \
  "no link kind has network 'ethernet'"
# A hierarchical all-reduce with no way to find its groups: found by validate.
good_workload | sed -e '7s/op: all_reduce,/op: all_reduce, algorithm: hierarchical,/' \
  > "$TMP/wl_hier.yaml"
run_cli validate "$P" --workload "$TMP/wl_hier.yaml"
check_error "hierarchical without groups" "fabricvp: error: " "wl_hier.yaml:7: " \
  "jobs[0].steps[1].algorithm" "group_size"
# And a good one validates.
run_cli validate "$P" --workload "$TMP/wl.yaml"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "validate --workload: exit $RC: $ERR"

# workload: {file: ...} in the platform, relative to the platform's folder
# (run from another folder), replacing the platform's pattern.
mkdir -p "$TMP/plat/jobs"
good_workload > "$TMP/plat/jobs/train.yaml"
cp "$TMP/wl_bad.yaml" "$TMP/plat/jobs/bad.yaml"
variant rel '28,30d; 27s|.*|workload: {file: jobs/train.yaml, size: 4KiB}|'
mv "$TMP/rel.yaml" "$TMP/plat/rel.yaml"
variant rel_bad '28,30d; 27s|.*|workload: {file: jobs/bad.yaml, size: 4KiB}|'
mv "$TMP/rel_bad.yaml" "$TMP/plat/rel_bad.yaml"
variant rel_missing '28,30d; 27s|.*|workload: {file: jobs/none.yaml, size: 4KiB}|'
mv "$TMP/rel_missing.yaml" "$TMP/plat/rel_missing.yaml"
cd / || exit 1
run_cli run "$TMP/plat/rel.yaml" -q --out "$TMP/out" --report "$TMP/rel.json"
check_run "workload.file relative" "$TMP/rel.json"
# The platform named by a relative path: still its folder, not the current one.
cd "$TMP" || exit 1
run_cli validate plat/rel.yaml
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "workload.file relative, platform plat/rel.yaml: exit $RC: $ERR"
run_cli validate "$TMP/plat/rel_bad.yaml"
check_error "workload.file bad" "fabricvp: error: " "$TMP/plat/jobs/bad.yaml:7: " \
  "jobs[0].steps[1].sizee"
run_cli validate "$TMP/plat/rel_missing.yaml"
check_error "workload.file missing" "fabricvp: error: " "$TMP/plat/jobs/none.yaml" "cannot open"
# --workload replaces the platform's workload file.
run_cli run "$TMP/plat/rel_bad.yaml" -q --out "$TMP/out" --report "$TMP/over.json" \
  --workload "$TMP/wl.yaml"
check_run "--workload over workload.file" "$TMP/over.json"

finish
