# Shared by the sweep tests (sourced after lib.bash; CMake registers only *.sh).
#   small_study FILE       writes the 24-point study on the base platform (2 repetitions)
#   same_tables WHAT A B   the tables of sweep folders A and B are byte-identical

small_study() {
  base_platform > "$(dirname "$1")/base.yaml"
  cat > "$1" <<'YAML'
fabricvp_study: 1
name: small
platforms: [base.yaml]
set: {simulation.duration: 1us, simulation.warmup: 0.2us}
axes:
  workload.load: {from: 0.1, to: 0.8, step: 0.1}
  links.cu.channel[1].length: [0.5m, 1m, 1.5m]
repeat: 2
metrics: [latency_ns.p99, throughput_gbps, power.energy_pj_per_bit, links.worst_margin_db,
          links.busiest_utilisation]
charts:
  - {x: workload.load, y: latency_ns.p99, series: "links.cu.channel[1].length"}
YAML
}

same_tables() {
  local f
  for f in results.csv results.json summary.csv; do
    CASES=$((CASES + 1))
    cmp -s "$2/$f" "$3/$f" || fail "$1: $f differs: $(diff "$2/$f" "$3/$f" | head -5)"
  done
}
