#!/usr/bin/env bash
# SIGINT and SIGTERM stop a run at its next event: the report (marked
# "interrupted": true), power log, link table and VCD are written up to that
# time, and the exit code is 130 or 143. `compare` passes the signal on to
# the run in progress and writes no table; a run killed under it is named on
# stderr (exit 1).
source "$(dirname "$0")/lib.bash" "$@"
P=$TMP/base.yaml
# Ten simulated seconds of the base platform take hours: a run is always in
# progress when the signal comes.
long=(--duration 10s --set simulation.power_log_interval=1ms)

field() { grep -o "\"$2\": [0-9.e+-]*" "$1" | head -1 | awk '{print $2}'; }

# stopped_run SIGNAL EXIT_CODE: a run stopped by SIGNAL after 2 s.
stopped_run() {
  local sig=$1 code=$2 out=$TMP/stop_$1
  timeout --preserve-status -s "$sig" 2 "$BIN" run "$P" -q "${long[@]}" --out "$out" \
    --vcd "$out/w.vcd" --trace 'cli_test.acc0.io.power_w' > "$TMP/stdout" 2> "$TMP/stderr"
  RC=$?
  ERR=$(cat "$TMP/stderr")
  CASES=$((CASES + 1))
  [ "$RC" -eq "$code" ] || fail "$sig: exit $RC, expected $code: $ERR"
  case $ERR in *"interrupted by $sig"*) ;; *) fail "$sig: stderr does not say so: $ERR" ;; esac
  local report=$out/cli_test.report.json
  if [ ! -s "$report" ]; then
    fail "$sig: no report"
    return
  fi
  grep -q '"interrupted": true' "$report" || fail "$sig: report not marked interrupted"
  local sim_s end_ps
  sim_s=$(field "$report" sim_time_s)
  awk -v s="$sim_s" 'BEGIN{exit !(s > 0 && s < 10)}' || fail "$sig: sim_time_s $sim_s"
  end_ps=$(awk -v s="$sim_s" 'BEGIN{printf "%.0f", s * 1e12}')
  # The VCD is complete up to the time reached: its last time step is that time.
  grep -q '^\$enddefinitions' "$out/w.vcd" || fail "$sig: VCD has no definitions"
  local last
  last=$(grep '^#' "$out/w.vcd" | tail -1)
  awk -v l="${last#\#}" -v e="$end_ps" 'BEGIN{d = l - e; exit !(d <= 1 && d >= -1)}' ||
    fail "$sig: VCD ends at '$last', the run at $end_ps ps"
  tail -1 "$out/cli_test.power.csv" | awk -F, -v s="$sim_s" \
    '{d = $2 - s; exit !($1 == 0 && $3 == "total" && d < 1e-12 && d > -1e-12)}' ||
    fail "$sig: power log does not end with the run's total: $(tail -1 "$out/cli_test.power.csv")"
  [ -s "$out/cli_test.links.csv" ] || fail "$sig: no link table"
  [ -s "$out/w.gtkw" ] || fail "$sig: no .gtkw"
  if ls -A "$out" | grep -q '\.tmp-'; then
    fail "$sig: temporary files left: $(ls -A "$out")"
  fi
}

# SIGINT stays ignored where the shell running the tests ignores it.
ignored=$(awk '/^SigIgn:/ {print $2}' /proc/self/status)
if [ $((0x$ignored & 2)) -eq 0 ]; then
  stopped_run SIGINT 130
fi
stopped_run SIGTERM 143

# child_of PID: the process PID forked (waits up to 30 s for it).
child_of() {
  local k child
  for k in $(seq 300); do
    child=$(pgrep -P "$1" | head -1)
    if [ -n "$child" ]; then
      echo "$child"
      return
    fi
    sleep 0.1
  done
}

# start_compare OUT: a long compare in the background; sets PID and CHILD
# (its run in progress), or fails and returns 1.
start_compare() {
  "$BIN" compare "$P" "${long[@]}" --out "$1" > "$TMP/stdout" 2> "$TMP/stderr" &
  PID=$!
  CHILD=$(child_of $PID)
  CASES=$((CASES + 1))
  if [ -z "$CHILD" ]; then
    fail "compare: no run in progress"
    kill -KILL $PID
    return 1
  fi
}

# finish_compare: waits for compare; sets RC and ERR.
finish_compare() {
  wait $PID
  RC=$?
  ERR=$(cat "$TMP/stderr")
}

# compare, SIGTERM to compare itself (not its process group): the run in
# progress stops too, and no table is written.
if start_compare "$TMP/cmp"; then
  sleep 1
  kill -TERM $PID
  finish_compare
  if kill -0 "$CHILD" 2> /dev/null; then
    fail "compare exited and left its run going"
    kill -KILL "$CHILD"
  fi
  [ "$RC" -eq 143 ] || fail "compare SIGTERM: exit $RC, expected 143: $ERR"
  case $ERR in
    *"interrupted by SIGTERM while running $P"*) ;;
    *) fail "compare SIGTERM: stderr does not say so: $ERR" ;;
  esac
  [ ! -e "$TMP/cmp.csv" ] && [ ! -e "$TMP/cmp.json" ] || fail "an interrupted compare wrote a table"
fi

# compare, its run killed: the platform and the signal on stderr, exit 1.
if start_compare "$TMP/cmp_k"; then
  kill -KILL "$CHILD"
  finish_compare
  [ "$RC" -eq 1 ] || fail "compare, run killed: exit $RC, expected 1: $ERR"
  case $ERR in
    *"$P: run failed: the run was killed by signal 9 (Killed)"*) ;;
    *) fail "compare, run killed: stderr does not name the platform and signal: $ERR" ;;
  esac
fi

finish
