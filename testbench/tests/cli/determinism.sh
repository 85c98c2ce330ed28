#!/usr/bin/env bash
# Same seed, same inputs: byte-identical report (apart from "perf", the
# wall-clock section), power log and VCD (apart from its $date block). The
# first run of each pair orders and writes the VCD on a worker thread, the
# second inline: both must give the same bytes.
source "$(dirname "$0")/lib.bash" "$@"

strip_report() { # drop the top-level "perf" object (report is indented by 2)
  sed '/^  "perf": {/,/^  }/d' "$1"
}
strip_vcd() {
  sed '/^\$date/,/^\$end/d' "$1"
}

run_twice() { # NAME PLATFORM SEED ARGS...
  local name=$1 platform=$2 seed=$3
  shift 3
  local out=$TMP/run_$name
  local k
  local thread=(x on off)
  for k in 1 2; do
    run_cli run "$platform" -q --seed "$seed" --out "$out" --vcd "$out/$name.vcd" \
      --report "$out/$name.report.json" --power-log "$out/$name.power.csv" "$@" \
      --set simulation.trace_thread=${thread[$k]}
    CASES=$((CASES + 1))
    if [ "$RC" -ne 0 ]; then
      fail "$name run $k: exit $RC: $ERR"
      return
    fi
    for f in report.json power.csv vcd gtkw; do
      [ -s "$out/$name.$f" ] || fail "$name run $k: $name.$f missing or empty"
      cp "$out/$name.$f" "$out/$k.$f" 2> /dev/null
    done
  done
  grep -q '"perf"' "$out/1.report.json" || fail "$name: report has no perf section"
  strip_report "$out/1.report.json" > "$out/1.report.stripped"
  strip_report "$out/2.report.json" > "$out/2.report.stripped"
  grep -q '"perf"' "$out/1.report.stripped" && fail "$name: could not strip the perf section"
  diff -q "$out/1.report.stripped" "$out/2.report.stripped" > /dev/null ||
    fail "$name: reports differ: $(diff "$out/1.report.stripped" "$out/2.report.stripped" | head -5)"
  if command -v jq > /dev/null; then
    [ "$(jq -S 'del(.perf)' "$out/1.report.json")" = "$(jq -S 'del(.perf)' "$out/2.report.json")" ] ||
      fail "$name: reports differ (jq)"
  fi
  cmp -s "$out/1.power.csv" "$out/2.power.csv" || fail "$name: power logs differ"
  cmp -s "$out/1.gtkw" "$out/2.gtkw" || fail "$name: .gtkw files differ"
  grep -q '^\$date' "$out/1.vcd" || fail "$name: VCD has no \$date block"
  strip_vcd "$out/1.vcd" > "$out/1.vcd.stripped"
  strip_vcd "$out/2.vcd" > "$out/2.vcd.stripped"
  cmp -s "$out/1.vcd.stripped" "$out/2.vcd.stripped" ||
    fail "$name: VCDs differ: $(diff "$out/1.vcd.stripped" "$out/2.vcd.stripped" | head -5)"
  CASES=$((CASES + 1))
}

run_twice base "$TMP/base.yaml" 11
run_twice default "$SRC/platforms/default.yaml" 3 --duration 5us
run_twice direct_pair "$SRC/platforms/direct_pair.yaml" 42 --duration 5us
run_twice leaf_spine "$SRC/platforms/leaf_spine.yaml" 7 --duration 3us --set simulation.warmup=1us
# Long enough for dozens of batches of changes to pass to the worker thread.
run_twice switch64 "$SRC/platforms/bench_switch64.yaml" 5 --duration 30us --set simulation.warmup=5us

# The seed matters: another seed gives another report.
run_cli run "$SRC/platforms/default.yaml" -q --seed 4 --duration 5us --out "$TMP/other" \
  --report "$TMP/other/r.json"
CASES=$((CASES + 1))
if [ "$RC" -ne 0 ]; then
  fail "seed 4: exit $RC: $ERR"
else
  strip_report "$TMP/other/r.json" | grep -v '"seed"' > "$TMP/other/r.stripped"
  strip_report "$TMP/run_default/1.report.json" | grep -v '"seed"' > "$TMP/other/d.stripped"
  cmp -s "$TMP/other/r.stripped" "$TMP/other/d.stripped" && fail "seeds 3 and 4 gave the same report"
fi

finish
