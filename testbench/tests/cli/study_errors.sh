#!/usr/bin/env bash
# `fabricvp sweep` on bad study files: each mistake is one message naming the
# study file, line and path, exit 2, and nothing runs (no output folder).
source "$(dirname "$0")/lib.bash" "$@"

# A small valid study on the base platform. Line numbers matter.
#  1 fabricvp_study  3 platforms  5 workload.load               7 metrics
#  2 name            4 axes       6 links.cu.channel[1].length
base_study() {
  cat <<'YAML'
fabricvp_study: 1
name: errors
platforms: [base.yaml]
axes:
  workload.load: [0.2, 0.4]
  links.cu.channel[1].length: [1m, 2m]
metrics: [latency_ns.p99, links.worst_margin_db]
YAML
}

# study_variant NAME SED_SCRIPT: $TMP/NAME.study.yaml = the base study edited by sed.
study_variant() {
  base_study | sed -e "$2" > "$TMP/$1.study.yaml"
}

# expect_study_bad NAME LINE PATH [NEEDLE...]: the sweep, its --plan and its
# --point 0 fail with one message naming NAME.study.yaml:LINE and PATH; no folder is made.
expect_study_bad() {
  local name=$1 line=$2 path=$3
  shift 3
  local mode
  for mode in "" --plan "--point 0"; do
    # shellcheck disable=SC2086
    run_cli sweep "$TMP/$name.study.yaml" --out "$TMP/out_$name" $mode
    check_error "$name ${mode:-sweep}" "$name.study.yaml:$line: " "$path" "$@"
    CASES=$((CASES + 1))
    [ ! -e "$TMP/out_$name" ] || fail "$name ${mode:-sweep}: made $TMP/out_$name although the study is bad"
  done
}

# The base study is valid (--plan prints one line per point, runs nothing).
study_variant good ''
run_cli sweep "$TMP/good.study.yaml" --plan --out "$TMP/out_good"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "good study: exit $RC: $ERR"
[ "$(printf '%s\n' "$OUT" | grep -c -- '--point')" -eq 4 ] || fail "good study: expected 4 plan lines: $OUT"
[ ! -e "$TMP/out_good/points/0/rep0/status.json" ] || fail "good study: --plan ran a point"

study_variant unknown_key 's/^axes:/axess:/'
expect_study_bad unknown_key 4 axess "unknown key 'axess'"

study_variant unknown_set_path 's/workload.load:/workload.lod:/'
expect_study_bad unknown_set_path 5 axes.workload.lod "no parameter 'lod'"

study_variant unknown_link 's/links.cu.channel\[1\]/links.cuu.channel[1]/'
expect_study_bad unknown_link 6 "axes.links.cuu.channel[1].length" "no link kind 'cuu'"

study_variant unknown_fixed_set '3a set: {workload.sise: 2KiB}'
expect_study_bad unknown_fixed_set 4 set.workload.sise "no parameter 'sise'"

study_variant range_without_units 's/\[1m, 2m\]/{from: 0.5, to: 2, step: 0.5}/'
expect_study_bad range_without_units 6 "axes.links.cu.channel[1].length" "range without units"

study_variant range_mixed_units 's/\[1m, 2m\]/{from: 0.5m, to: 2m, step: 0.5}/'
expect_study_bad range_mixed_units 6 "axes.links.cu.channel[1].length.step" "the step is a number"

study_variant empty_axis 's/\[0.2, 0.4\]/[]/'
expect_study_bad empty_axis 5 axes.workload.load "empty axis"

study_variant empty_range 's/\[1m, 2m\]/{from: 3m, to: 2m, step: 0.5m}/'
expect_study_bad empty_range 6 "axes.links.cu.channel[1].length" "empty axis"

study_variant bad_value 's/\[0.2, 0.4\]/[4, 0.2]/'
expect_study_bad bad_value 5 axes.workload.load "'4'"

study_variant unknown_metric 's/latency_ns.p99/latency_ns.p98/'
expect_study_bad unknown_metric 7 metrics "no metric 'latency_ns.p98'"

study_variant section_metric 's/latency_ns.p99/power.by_class/'
expect_study_bad section_metric 7 metrics "not a number"

study_variant collective_metric 's/latency_ns.p99/collective.busbw_gbps/'
expect_study_bad collective_metric 7 metrics "needs a collective"

study_variant bad_chart '$a charts: [{x: workload.loads, y: latency_ns.p99}]'
expect_study_bad bad_chart 8 charts[0].x "not a numeric axis"

study_variant missing_platform 's/base.yaml/nowhere.yaml/'
run_cli sweep "$TMP/missing_platform.study.yaml" --out "$TMP/out_missing"
check_error missing_platform "nowhere.yaml" "cannot open"

# Every shipped study is valid (checked whole by --plan; nothing runs).
for s in "$SRC"/platforms/studies/*.yaml; do
  run_cli sweep "$s" --plan --out "$TMP/shipped_$(basename "$s" .yaml)"
  CASES=$((CASES + 1))
  [ "$RC" -eq 0 ] && [ -n "$OUT" ] || fail "shipped study $s: exit $RC: $ERR"
done

# An existing folder with other files is not a sweep folder: refused, untouched.
mkdir -p "$TMP/userdir" && echo keep > "$TMP/userdir/notes.txt"
run_cli sweep "$TMP/good.study.yaml" --out "$TMP/userdir"
check_error "foreign out folder" "--out" "userdir" "no sweep.json"
[ "$(cat "$TMP/userdir/notes.txt")" = keep ] && [ ! -e "$TMP/userdir/points" ] ||
  fail "foreign out folder: touched $TMP/userdir"

finish
