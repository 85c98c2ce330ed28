#!/usr/bin/env bash
# The full mutation fuzz: testbench/tests/cli/fuzz.sh (ctest runs it with
# 120 mutants) with 2,400 mutants of platform, included, preset, workload and
# study files and command lines, on the built program (build/fabricvp, or $1),
# in FUZZ_JOBS shards (default 2) with seeds FUZZ_SEED, FUZZ_SEED+1, ...
# Prints each shard's count, exit codes and peak memory, and the time; a
# failure names the mutant and keeps it in $FUZZ_KEEP (default
# /tmp/fabricvp-fuzz-failures).
#   ./scripts/mutation_fuzz.sh                          2,400 mutants
#   FUZZ_VARIANTS=10000 FUZZ_SEED=7 ./scripts/mutation_fuzz.sh   more, other mutants
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/fabricvp}
total=${FUZZ_VARIANTS:-2400}
jobs=${FUZZ_JOBS:-2}
seed=${FUZZ_SEED:-20240601}
logs=$(mktemp -d "${TMPDIR:-/tmp}/fabricvp-mutation.XXXXXX")
start=$(date +%s)
pids=()
for ((k = 0; k < jobs; ++k)); do
  FUZZ_SEED=$((seed + k)) FUZZ_VARIANTS=$(((total + jobs - 1) / jobs)) \
    bash testbench/tests/cli/fuzz.sh "$bin" . > "$logs/$k.log" 2>&1 &
  pids+=($!)
done
status=0
for k in "${!pids[@]}"; do
  wait "${pids[k]}" || status=1
  echo "shard $k (seed $((seed + k))):"
  sed 's/^/  /' "$logs/$k.log"
done
rm -rf "$logs"
echo "mutation_fuzz: $(($(date +%s) - start)) s"
exit "$status"
