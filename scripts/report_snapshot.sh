#!/usr/bin/env bash
# Writes, for every shipped platform (and the shipped workload file on
# cluster_cpo), the byte-stable part of its report (everything but `perf`),
# its power log and its link CSV into OUT_DIR, so two builds can be compared:
#   scripts/report_snapshot.sh OLD_BINARY /tmp/old
#   scripts/report_snapshot.sh build/fabricvp /tmp/new
#   diff -r /tmp/old /tmp/new && echo identical
# Generated-traffic platforms run 2 us (collectives run to completion).
set -euo pipefail
bin=$(realpath "$1")
dest=$2
cd "$(dirname "$0")/.."
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
snap() { # LABEL ARGS...
  local label=$1
  shift
  "$bin" run "$@" -q --out "$work" --report "$work/$label.json" \
    --power-log "$work/$label.power.csv" --link-csv "$work/$label.links.csv"
  jq -S 'del(.perf)' "$work/$label.json" > "$dest/$label.report.json"
  mv "$work/$label.power.csv" "$work/$label.links.csv" "$dest/"
}
for p in platforms/*.yaml; do
  name=$(basename "$p" .yaml)
  snap "$name" "$p" --duration 2us --set simulation.warmup=200ns
done
snap two_jobs_train_step platforms/cluster_cpo.yaml --workload platforms/workloads/two_jobs_train_step.yaml
