#!/usr/bin/env bash
# `fabricvp reliability`: text and JSON through the output rules, the
# `reliability:` and `lasers:` sections and --job rejecting bad values with
# one exit-2 line naming file, line and path, and mutations of a shipped
# platform's reliability and laser lines never crashing.
source "$(dirname "$0")/lib.bash" "$@"
CPO=$SRC/platforms/switch51t_cpo.yaml

check() { # WHAT CONDITION...
  local what=$1
  shift
  CASES=$((CASES + 1))
  "$@" || fail "$what"
}

run_cli reliability "$CPO" --out "$TMP/out"
check "reliability exits 0 ($ERR)" test "$RC" -eq 0
check "summary names the job" grep -q "job  *64 accelerators" "$TMP/stdout"
check "summary has the laser class" grep -q "^  laser " "$TMP/stdout"
J=$TMP/out/switch51t_cpo.reliability.json
check "JSON marked" test "$(jq '.fabricvp_reliability' "$J")" = 1
check "JSON counts 16 + 64 laser modules" test "$(jq '.classes[] | select(.class == "elsfp_module") | .units' "$J")" = 80
check "JSON: the Monte Carlo ran" test "$(jq '.job.monte_carlo.trials' "$J")" = 2000
check "MTBF = 1 / interruptions" \
  awk -v m="$(jq '.fabric.mtbf_h' "$J")" -v r="$(jq '.fabric.interruptions_per_day' "$J")" \
  'BEGIN { d = m * r / 24 - 1; exit !(d < 1e-9 && d > -1e-9) }'
# Its own file is replaced; a file it did not write needs --force.
run_cli reliability "$CPO" --out "$TMP/out" -q
check "rerun replaces its own report ($ERR)" test "$RC" -eq 0
echo '{"mine": true}' > "$TMP/mine.json"
bad_opt "foreign report" "--report" "mine.json" -- reliability "$CPO" --report "$TMP/mine.json"
bad_opt "report over an input" "--report" "the platform file" -- reliability "$CPO" --report "$CPO"
# The same seed gives the same Monte Carlo.
run_cli reliability "$CPO" --report "$TMP/a.json" -q --job seed=5
run_cli reliability "$CPO" --report "$TMP/b.json" -q --job seed=5
check "same seed, same report" cmp -s "$TMP/a.json" "$TMP/b.json"

bad_opt "job without =" "--job" "KEY=VALUE" -- reliability "$CPO" --job accelerators
bad_opt "unknown job key" "--job" "reliability.job.colour" -- reliability "$CPO" --job colour=red
bad_opt "bad job time" "--job" "reliability.job.restart" -- reliability "$CPO" --job restart=5parsecs
bad_opt "job too large" "--job" "reliability.job.accelerators" "platform has 64" -- \
  reliability "$CPO" --job accelerators=65
bad_opt "unknown class by --set" "--set" "unknown component class 'warp'" -- \
  reliability "$CPO" --set reliability.warp.fit=3

# In the platform file: line 31 of the base platform (after the workload).
rel() { # NAME TEXT: the base platform with TEXT appended
  { base_platform; printf '%s\n' "$2"; } > "$TMP/$1.yaml"
}
rel unknown_class $'reliability:\n  warp_core: {fit: 10}'
run_cli reliability "$TMP/unknown_class.yaml" --out "$TMP/out"
check_error unknown_class "unknown_class.yaml:32: " "reliability.warp_core" "unknown component class"
rel bad_rate $'reliability:\n  switch: {fit: -3}'
run_cli reliability "$TMP/bad_rate.yaml" --out "$TMP/out"
check_error bad_rate "bad_rate.yaml:32: " "reliability.switch.fit"
rel bad_time $'reliability:\n  copper_cable: {mttr: 2 fortnights}'
run_cli reliability "$TMP/bad_time.yaml" --out "$TMP/out"
check_error bad_time "bad_time.yaml:32: " "reliability.copper_cable.mttr"
rel bad_job $'reliability:\n  job: {accelerators: 5}'
run_cli reliability "$TMP/bad_job.yaml" --out "$TMP/out"
check_error bad_job "bad_job.yaml:32: " "reliability.job.accelerators"
rel job_key $'reliability:\n  job: {checkpoints: 3}'
run_cli reliability "$TMP/job_key.yaml" --out "$TMP/out"
check_error job_key "job_key.yaml:32: " "reliability.job"
rel copper_laser $'lasers:\n  - {name: l0, feeds: sw0.port0}'
run_cli validate "$TMP/copper_laser.yaml"
check_error copper_laser "copper_laser.yaml:32: " "lasers[0].feeds" "no co-packaged optics"
rel laser_key $'lasers:\n  - {name: l0, feeds: sw0.port0, colour: red}'
run_cli validate "$TMP/laser_key.yaml"
check_error laser_key "laser_key.yaml:32: " "lasers[0].colour"

# Mutations of the CPO switch's laser map and reliability lines: every
# variant is accepted (exit 0) or rejected with one located line (exit 2).
RANDOM=20251202
junk=('-1' '0' '99999999999999999999' 'x' '' '{' ']' ',' '1e400' '3h' '..' 'sw9.port0' 'acc0.port0..70')
lines=$(grep -n 'elsfp\|feeds\|spare_lasers\|job:' "$CPO" | cut -d: -f1 | tr '\n' ' ')
for ((v = 0; v < 40; ++v)); do
  set -- $lines
  shift $((RANDOM % $#))
  line=$1
  word=${junk[$((RANDOM % ${#junk[@]}))]}
  f=$TMP/mut_$v.yaml
  awk -v n="$line" -v w="$word" -v k=$((RANDOM % 4)) 'NR == n {
      c = 0; out = ""
      for (i = 1; i <= length($0); ++i) { ch = substr($0, i, 1)
        if ((ch == ":" || ch == ",") && c++ == k) { out = out ch " " w; while (i < length($0) && substr($0, i + 1, 1) !~ /[,}]/) ++i; continue }
        out = out ch }
      print out; next } { print }' "$CPO" > "$f"
  run_cli reliability "$f" --out "$TMP/mut_out" -q
  CASES=$((CASES + 1))
  case $RC in
    0) ;;
    2)
      [ "$(printf '%s\n' "$ERR" | grep -c .)" -eq 1 ] || fail "mutation $v: more than one line: $ERR"
      case $ERR in
        "fabricvp: error: $f:"[0-9]*) ;;
        *) fail "mutation $v (line $line, '$word'): error without file and line: $ERR" ;;
      esac ;;
    *) fail "mutation $v (line $line, '$word'): exit $RC: $ERR" ;;
  esac
done

finish
