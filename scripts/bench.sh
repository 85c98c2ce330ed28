#!/usr/bin/env bash
# Benchmark: bench_switch64 (64 x 400G ports on one switch, uniform random at
# 70% load, 4 KiB packets) untraced and with every signal traced to VCD, the
# VCD written on a second thread (the default on a machine with two or more
# hardware threads) and on the simulation's own thread.
# Prints packet-hops per wall second, wall and CPU seconds, and the tracing
# cost in wall time and in CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./build/fabricvp
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
duration=${BENCH_DURATION:-20ms}
vcd_duration=${BENCH_VCD_DURATION:-2ms}
field() { grep -o "\"$2\": [0-9.e+-]*" "$1" | awk '{print $2}'; }
line() { # LABEL REPORT
  printf '%-44s %6.3f s wall, %6.3f s CPU, %5.2f M packet-hops/s\n' "$1" \
    "$(field "$2" wall_s)" "$(field "$2" cpu_s)" \
    "$(awk -v r="$(field "$2" packet_hops_per_s)" 'BEGIN{print r/1e6}')"
}
run() { # REPORT DURATION ARGS...
  local report=$1 d=$2
  shift 2
  $bin run platforms/bench_switch64.yaml --duration "$d" -q --out "$out" --report "$report" "$@"
}

run "$out/plain.json" "$duration"
run "$out/short.json" "$vcd_duration"
run "$out/vcd.json" "$vcd_duration" --vcd "$out/bench.vcd" --set simulation.trace_thread=on
run "$out/vcd1.json" "$vcd_duration" --vcd "$out/bench1.vcd" --set simulation.trace_thread=off
line "untraced, $duration simulated:" "$out/plain.json"
line "untraced, $vcd_duration simulated:" "$out/short.json"
line "every signal to VCD (writer thread), $vcd_duration:" "$out/vcd.json"
line "every signal to VCD (one thread), $vcd_duration:" "$out/vcd1.json"
printf 'VCD: %s, %s value changes\n' "$(du -h "$out/bench.vcd" | cut -f1)" \
  "$(field "$out/vcd.json" vcd_value_changes)"
awk -v w="$(field "$out/vcd.json" wall_s)" -v c="$(field "$out/vcd.json" cpu_s)" \
  -v s="$(field "$out/vcd.json" simulation_thread_cpu_s)" \
  -v w1="$(field "$out/vcd1.json" wall_s)" -v c1="$(field "$out/vcd1.json" cpu_s)" \
  -v bw="$(field "$out/short.json" wall_s)" -v bc="$(field "$out/short.json" cpu_s)" \
  'BEGIN{printf "tracing cost, writer thread: %.2fx wall, %.2fx CPU (simulation thread %.2fx)\n", w/bw, c/bc, s/bc;
         printf "tracing cost, one thread:    %.2fx wall, %.2fx CPU\n", w1/bw, c1/bc}'
