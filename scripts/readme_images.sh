#!/usr/bin/env bash
# Draws the charts README.md shows into docs/img/ (gnuplot needed):
#   docs/img/compare_51t.svg                 power by class, 51.2T DSP / LPO / CPO
#   docs/img/compare_51t_port_watts.png      watts per port end by component
#   docs/img/compare_51t_latency.png         mean packet latency by component
#   docs/img/two_jobs_collective_timeline.png  two training jobs on cluster_cpo
# Usage: scripts/readme_images.sh [FABRICVP_BINARY] (default build/fabricvp).
# About a minute and a half (the cluster run is most of it).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/fabricvp}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" compare platforms/switch51t_dsp.yaml platforms/switch51t_lpo.yaml \
  platforms/switch51t_cpo.yaml --out "$work/compare51" > /dev/null
cp "$work/compare51.svg" docs/img/compare_51t.svg
cp "$work/compare51.port_watts.png" docs/img/compare_51t_port_watts.png
cp "$work/compare51.latency.png" docs/img/compare_51t_latency.png
"$bin" run platforms/cluster_cpo.yaml --workload platforms/workloads/two_jobs_train_step.yaml \
  --charts --out "$work/run" -q
cp "$work/run/cluster_cpo.collective_timeline.png" docs/img/two_jobs_collective_timeline.png
ls -l docs/img/compare_51t.svg docs/img/compare_51t_port_watts.png docs/img/compare_51t_latency.png \
  docs/img/two_jobs_collective_timeline.png
