#!/usr/bin/env bash
# Benchmark: bench_switch64 (64 x 400G ports on one switch, uniform random at
# 70% load, 4 KiB packets) untraced and with every signal traced to VCD.
# Prints packet-hops per wall second for both and the tracing cost ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./build/fabricvp
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
duration=${BENCH_DURATION:-20ms}
vcd_duration=${BENCH_VCD_DURATION:-2ms}
rate() { grep -o '"packet_hops_per_s": [0-9.e+]*' "$1" | awk '{print $2}'; }
wall() { grep -o '"wall_s": [0-9.e+-]*' "$1" | awk '{print $2}'; }

$bin run platforms/bench_switch64.yaml --duration "$duration" -q --out "$out" --report "$out/plain.json"
$bin run platforms/bench_switch64.yaml --duration "$vcd_duration" -q --out "$out" --report "$out/short.json"
$bin run platforms/bench_switch64.yaml --duration "$vcd_duration" -q --out "$out" --report "$out/vcd.json" \
  --vcd "$out/bench.vcd"
printf 'bench_switch64 untraced, %s simulated: %s s wall, %.2f M packet-hops/s\n' "$duration" \
  "$(wall "$out/plain.json")" "$(awk -v r="$(rate "$out/plain.json")" 'BEGIN{print r/1e6}')"
printf 'bench_switch64 untraced, %s simulated: %s s wall, %.2f M packet-hops/s\n' "$vcd_duration" \
  "$(wall "$out/short.json")" "$(awk -v r="$(rate "$out/short.json")" 'BEGIN{print r/1e6}')"
printf 'bench_switch64 all signals to VCD, %s simulated: %s s wall, %.2f M packet-hops/s, VCD %s\n' \
  "$vcd_duration" "$(wall "$out/vcd.json")" \
  "$(awk -v r="$(rate "$out/vcd.json")" 'BEGIN{print r/1e6}')" "$(du -h "$out/bench.vcd" | cut -f1)"
awk -v a="$(wall "$out/vcd.json")" -v b="$(wall "$out/short.json")" \
  'BEGIN{printf "tracing cost: %.2fx wall time\n", a/b}'
