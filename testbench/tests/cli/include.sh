#!/usr/bin/env bash
# Platforms made of several files: `extends:`, `include:` and `set:` errors
# name the file and line where they are (and the chain of files that led
# there), and `validate --print-resolved` prints one file that validates the
# same way as the files it came from.
source "$(dirname "$0")/lib.bash" "$@"

# The base platform's link kind cu (lines 15-21) moved into a fragment.
mkdir -p "$TMP/parts"
{
  echo "fabricvp: 1"
  base_platform | sed -n '15,21p'
} > "$TMP/parts/cu.yaml"
variant split '15,21c\include: [parts/cu.yaml]'
run_cli validate "$TMP/split.yaml"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "split: the platform with an included link kind fails: $ERR"

# A missing file, at the line that names it.
variant missing '15,21c\include:\n  - parts/cu.yaml\n  - parts/none.yaml'
expect_bad missing 17 "include[1]" "'parts/none.yaml' ($TMP/parts/none.yaml): cannot open file"
variant missing_base '2a extends: nowhere/base.yaml'
expect_bad missing_base 3 "extends" "'nowhere/base.yaml'" "cannot open file"

# A cycle: the fragment includes the file that includes it.
echo "include: [../cycle.yaml]" >> "$TMP/parts/cu.yaml"
variant cycle '15,21c\include: [parts/cu.yaml]'
run_cli validate "$TMP/cycle.yaml"
check_error cycle "parts/cu.yaml:9: include[0]: " "cycle: $TMP/cycle.yaml -> $TMP/parts/cu.yaml -> $TMP/cycle.yaml" \
  "(included from $TMP/cycle.yaml:15)"
sed -i '$d' "$TMP/parts/cu.yaml"

# A bad value inside the included file: that file's line, and the chain.
sed -i 's/length: 1m/length: 1 furlong/' "$TMP/parts/cu.yaml"
printf 'fabricvp: 1\nname: derived\nextends: split.yaml\n' > "$TMP/derived.yaml"
run_cli validate "$TMP/derived.yaml"
check_error included_value "parts/cu.yaml:8: links.cu.channel[1].length: " "furlong" \
  "(included from $TMP/split.yaml:15, extended by $TMP/derived.yaml:3)"
sed -i 's/length: 1 furlong/length: 1m/' "$TMP/parts/cu.yaml"

# A fragment may not carry a whole platform's sections.
printf 'fabricvp: 1\nsimulation: {seed: 3}\n' > "$TMP/parts/sim.yaml"
variant fragment_sim '15i include: [parts/sim.yaml]'
run_cli validate "$TMP/fragment_sim.yaml"
check_error fragment_sim "parts/sim.yaml:2: simulation: " "an included file holds only"
# set: entries are checked as --set is, at their line.
variant bad_set '$a set: {links.cu.serdes.lanes: 99}'
expect_bad bad_set 31 "links.cu.serdes.lanes" "out of range"

# --print-resolved: one file (no include/extends) that validates the same way.
same_validation() { # WHAT FILE ARGS...: FILE --print-resolved ARGS validates as FILE ARGS
  local what=$1 file=$2
  shift 2
  run_cli validate "$file" --print-resolved "$@"
  CASES=$((CASES + 1))
  if [ "$RC" -ne 0 ]; then
    fail "$what: --print-resolved exit $RC: $ERR"
    return
  fi
  printf '%s\n' "$OUT" > "$TMP/resolved.yaml"
  if grep -qE '^(include|extends):' "$TMP/resolved.yaml"; then
    fail "$what: the resolved file still has include:/extends:"
  fi
  run_cli validate "$file" "$@"
  local direct=$OUT
  run_cli validate "$TMP/resolved.yaml"
  CASES=$((CASES + 1))
  if [ "$RC" -ne 0 ]; then
    fail "$what: the resolved file does not validate: $ERR"
  elif [ "$(printf '%s\n' "$OUT" | tail -n +2)" != "$(printf '%s\n' "$direct" | tail -n +2)" ]; then
    fail "$what: the resolved file validates differently"
  fi
}
same_validation derived "$TMP/derived.yaml" --set links.cu.serdes.lanes=2 --seed 3
grep -q '^  links.cu.serdes.lanes: 2$' "$TMP/resolved.yaml" || fail "derived: --set not in set:"
grep -q '^  simulation.seed: 3$' "$TMP/resolved.yaml" || fail "derived: --seed not in set:"
for p in cluster_pluggable cluster_cpo cluster_rail; do
  same_validation "$p" "$SRC/platforms/$p.yaml"
done
same_validation workload_file "$SRC/platforms/cluster_cpo.yaml" \
  --workload "$SRC/platforms/workloads/two_jobs_train_step.yaml"
grep -q "^  file: $SRC/platforms/workloads/two_jobs_train_step.yaml$" "$TMP/resolved.yaml" ||
  fail "workload_file: the workload file is not in the resolved workload:"

finish
