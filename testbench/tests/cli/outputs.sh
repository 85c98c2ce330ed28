#!/usr/bin/env bash
# Outputs never destroy a user's files: each is written under a temporary
# name and renamed when complete (a failed write leaves the previous file
# as it was and nothing that looks complete).
source "$(dirname "$0")/lib.bash" "$@"
LS=$SRC/platforms/leaf_spine.yaml
short=(--duration 2us --set simulation.warmup=1us --set simulation.power_log_interval=2us)

# run_limited BLOCKS ARGS...: run_cli with files limited to BLOCKS KiB (a
# write past it fails with EFBIG, "File too large", as a full disk would).
run_limited() {
  local blocks=$1
  shift
  (ulimit -f "$blocks" && trap '' XFSZ && exec timeout 60 "$BIN" "$@") > "$TMP/stdout" 2> "$TMP/stderr"
  RC=$?
  ERR=$(cat "$TMP/stderr")
}

no_temporaries() { # WHAT FOLDER
  CASES=$((CASES + 1))
  if ls -A "$2" | grep -q '\.tmp-'; then
    fail "$1: temporary files left behind: $(ls -A "$2")"
  fi
}

# The power log (one interval) fits under 8 KiB; the report (22 KiB) and
# the VCD do not.
run_cli run "$LS" -q --out "$TMP/lim" "${short[@]}"
cp "$TMP/lim/leaf_spine.report.json" "$TMP/report.before"
run_limited 8 run "$LS" -q --out "$TMP/lim" "${short[@]}" --seed 9
check_error "report past the size limit" "leaf_spine.report.json: " "cannot write the report" \
  "File too large"
cmp -s "$TMP/report.before" "$TMP/lim/leaf_spine.report.json" ||
  fail "a report that failed to write replaced the previous one"
no_temporaries "report past the size limit" "$TMP/lim"
run_limited 8 run "$LS" -q --out "$TMP/lim" "${short[@]}" --vcd "$TMP/lim/wave.vcd"
check_error "VCD past the size limit" "wave.vcd: " "cannot write the VCD" "File too large"
CASES=$((CASES + 1))
[ ! -e "$TMP/lim/wave.vcd" ] || fail "a VCD that failed to write was left as wave.vcd"
[ ! -e "$TMP/lim/wave.gtkw" ] || fail "a VCD that failed to write left wave.gtkw"
no_temporaries "VCD past the size limit" "$TMP/lim"

finish
