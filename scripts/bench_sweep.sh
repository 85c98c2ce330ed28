#!/usr/bin/env bash
# Benchmark of `fabricvp sweep` on many small points: the cost per point
# (fork, netlist preparation, elaboration, the run, report and status
# writing) with --jobs 1, the speed-up of --jobs 2 over --jobs 1, and the
# cost per point through --plan (one `fabricvp sweep --point K` process per
# point: process start and study loading too). Prints the figures; writes
# only under a temp folder.
#   usage: scripts/bench_sweep.sh [BUILD_DIR] [POINTS]   (default build, 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/fabricvp
POINTS=${2:-1000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fabricvp-bench-sweep.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# POINTS points of 1 us of traffic on the two-accelerator platform.
step=$(awk -v n="$POINTS" 'BEGIN { printf "%.6g", 0.9 / n }')
to=$(awk -v n="$POINTS" -v s="$step" 'BEGIN { printf "%.9g", 0.1 + s * (n - 1) }')
cat > "$TMP/bench.study.yaml" <<YAML
fabricvp_study: 1
name: bench
platforms: [$PWD/platforms/direct_pair.yaml]
set: {simulation.duration: 1us, simulation.warmup: 0.2us}
axes:
  workload.load: {from: 0.1, to: $to, step: $step}
metrics: [latency_ns.mean, throughput_gbps]
YAML
"$BIN" sweep "$TMP/bench.study.yaml" --plan --out "$TMP/plan" > "$TMP/plan_all.txt"
points=$(wc -l < "$TMP/plan_all.txt")
plan_points=$((points < 100 ? points : 100))

seconds() { # seconds COMMAND...: wall time of a command
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

t1=$(seconds "$BIN" sweep "$TMP/bench.study.yaml" --jobs 1 --out "$TMP/j1" -q)
t2=$(seconds "$BIN" sweep "$TMP/bench.study.yaml" --jobs 2 --out "$TMP/j2" -q)
run_ms=$(awk -F, 'NR > 1 { s += $3; n++ } END { printf "%.2f", s / n * 1e3 }' "$TMP/j1/timing.csv")
cmp -s "$TMP/j1/results.csv" "$TMP/j2/results.csv" || echo "bench_sweep: WARNING: --jobs 1 and --jobs 2 tables differ"
# --plan: one process per point, on the first 100 points only.
head -n "$plan_points" "$TMP/plan_all.txt" > "$TMP/plan.txt"
tp=$(seconds bash "$TMP/plan.txt")
echo "fabricvp sweep benchmark: $points points of 1 us of traffic (platforms/direct_pair.yaml), $(nproc) cores"
awk -v t1="$t1" -v t2="$t2" -v n="$points" -v run="$run_ms" -v tp="$tp" -v np="$plan_points" 'BEGIN {
  printf "  --jobs 1        %8.3f s   %6.2f ms per point (of which %.2f ms in the run: prepare, elaborate, simulate, write)\n", t1, t1 / n * 1e3, run
  printf "  --jobs 2        %8.3f s   %6.2f ms per point; speed-up over --jobs 1: %.2fx\n", t2, t2 / n * 1e3, t1 / t2
  printf "  --plan, 1 process per point (first %d points)   %6.2f ms per point\n", np, tp / np * 1e3
}'
