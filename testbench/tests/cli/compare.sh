#!/usr/bin/env bash
# `fabricvp compare`: two shipped platforms side by side (each run forked),
# CSV and JSON written, the SVG chart when gnuplot is on PATH; bad inputs
# stop before any run with one error line.
source "$(dirname "$0")/lib.bash" "$@"

run_cli compare "$SRC/platforms/switch51t_dsp.yaml" "$SRC/platforms/switch51t_cpo.yaml" \
  --duration 3us --out "$TMP/cmp"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "compare: exit $RC: $ERR"
[ -z "$ERR" ] || fail "compare: unexpected stderr: $ERR"
for needle in "switch51t_dsp" "switch51t_cpo" "optics W per port end" "lasers" "front-panel RU"; do
  case $OUT in *"$needle"*) ;; *) fail "compare: table lacks '$needle': $OUT" ;; esac
done
[ -s "$TMP/cmp.csv" ] || fail "compare: no CSV"
[ -s "$TMP/cmp.json" ] || fail "compare: no JSON"
grep -q '"switch51t_cpo"' "$TMP/cmp.json" || fail "compare: JSON lacks the second platform"
if command -v gnuplot >/dev/null 2>&1; then
  [ -s "$TMP/cmp.svg" ] || fail "compare: gnuplot on PATH but no SVG"
fi

# Read as a user would: a first platform without optics has no percentage
# to compare with (n/a, not 0.0%); no traffic means no pJ/bit ("-", not
# 0.00); a collective's energy of a few mJ shows its digits (not "0.01").
run_cli compare "$SRC/platforms/default.yaml" "$SRC/platforms/allreduce_switch8.yaml" \
  --set workload.pattern=none --duration 3us --out "$TMP/cmp_idle"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "compare idle: exit $RC: $ERR"
line_of() { printf '%s\n' "$OUT" | grep "^$1"; }
case $(line_of "optics vs first") in *"n/a"*) ;; *) fail "optics vs first without optics: $(line_of "optics vs first")" ;; esac
case $(line_of "pJ/bit delivered") in *" - "*|*" -") ;; *) fail "pJ/bit at zero traffic: $(line_of "pJ/bit delivered")" ;; esac
run_cli compare "$SRC/platforms/allreduce_switch8.yaml" "$SRC/platforms/allreduce_switch8.yaml" \
  --set workload.message_size=256KiB --out "$TMP/cmp_coll"
CASES=$((CASES + 1))
energy=$(printf '%s\n' "$OUT" | grep '^collective energy J' | awk '{print $NF}')
case $energy in 0.0[0-9][0-9]*|0.00[0-9]*|0.[1-9][0-9]*) ;; *) fail "collective energy shows too few digits: '$energy'" ;; esac
[ "${#energy}" -ge 6 ] || fail "collective energy '$energy' has fewer than four significant digits"
# One platform at two settings: groups between -- carry their own --set.
run_cli compare "$SRC/platforms/direct_pair.yaml" --set workload.load=0.2 --duration 20us -- \
  "$SRC/platforms/direct_pair.yaml" --set workload.load=0.8 --duration 20us --out "$TMP/two"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "compare with per-platform overrides: exit $RC: $ERR"
case $OUT in *"direct_pair [workload.load=0.2]"*"direct_pair [workload.load=0.8]"*) ;;
  *) fail "compare with per-platform overrides: labels: $OUT" ;; esac
# Delivered throughput follows the offered load: 0.8 gives about 4 x 0.2.
ratio=$(awk -F, '/^"throughput Gb\/s"/ { print $3 / $2 }' "$TMP/two.csv")
awk -v r="$ratio" 'BEGIN { exit !(r > 3.6 && r < 4.4) }' ||
  fail "compare with per-platform overrides: throughput ratio $ratio, expected about 4"
run_cli compare "$SRC/platforms/direct_pair.yaml" --out "$TMP/a" -- "$SRC/platforms/direct_pair.yaml" --out "$TMP/b"
check_error "compare with --out twice" "give --out once"
# No user string reaches a shell: an output prefix that would end a quoted
# shell word (or a gnuplot string) is only a file name. The chart is drawn
# without leaving gnuplot's script or data beside the outputs.
cd "$TMP"
evil="q'; touch INJECTED; echo '"
run_cli compare "$SRC/platforms/direct_pair.yaml" --duration 2us --out "$evil"
cd - > /dev/null
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "compare with a quote in --out: exit $RC: $ERR"
[ ! -e "$TMP/INJECTED" ] || fail "compare ran a shell command hidden in --out"
[ -s "$TMP/$evil.csv" ] || fail "compare: no CSV under the literal prefix"
if command -v gnuplot >/dev/null 2>&1; then
  [ -s "$TMP/$evil.svg" ] || fail "compare: no SVG under the literal prefix"
fi
for leftover in "$TMP/cmp.gp" "$TMP/cmp.dat" "$TMP/$evil.gp" "$TMP/$evil.dat"; do
  [ ! -e "$leftover" ] || fail "compare left $leftover behind"
done
if grep -rn --include='*.cpp' --include='*.h' -E 'std::system|popen' "$SRC/testbench" "$SRC/traces" \
  "$SRC/platforms" "$SRC/modules" "$SRC/tlm" "$SRC/core"; then
  fail "a call that runs a shell is back in the tree (use run_program)"
fi

run_cli compare
check_error "compare without platforms" "give the platform files"
run_cli compare "$SRC/platforms/switch51t_dsp.yaml" "$TMP/missing.yaml" --out "$TMP/cmp2"
check_error "compare with a missing file" "missing.yaml"
[ ! -e "$TMP/cmp2.csv" ] || fail "compare: wrote output although an input was bad"

finish
