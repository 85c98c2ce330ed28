#!/usr/bin/env bash
# Command-line options: --set paths and values, --seed, --duration, output
# files, commands and positional arguments. Each error names the option (or
# the file and line) and the parameter path, and exits with 2.
source "$(dirname "$0")/lib.bash" "$@"
P=$TMP/base.yaml

# --set: malformed, unknown owner, unknown parameter, bad value.
bad_opt "set no =" "--set: " "sw0.radix" "PATH=VALUE" -- validate "$P" --set sw0.radix
bad_opt "set no path" "--set: " "PATH=VALUE" -- validate "$P" --set =3
bad_opt "set no dot" "--set: " "radix" "OWNER.PARAMETER" -- validate "$P" --set radix=3
bad_opt "set unknown comp" "--set: " "sw9.radix" "no component matches 'sw9'" -- validate "$P" --set sw9.radix=8
bad_opt "set unknown glob" "--set: " "nic*.ports" "no component matches" -- validate "$P" --set 'nic*.ports=2'
bad_opt "set unknown param" "--set: " "sw0.radixx" "no parameter 'radixx'" -- validate "$P" --set sw0.radixx=8
bad_opt "set sim param" "--set: " "simulation.sede" "no parameter" -- validate "$P" --set simulation.sede=1
bad_opt "set unknown link" "--set: " "links.fibre.lanes" "no link kind 'fibre'" -- validate "$P" --set links.fibre.lanes=2
bad_opt "set segment index" "--set: " "links.cu.channel[7].length" "has 2 segments" -- validate "$P" --set 'links.cu.channel[7].length=1m'
bad_opt "set segment huge" "--set: " "links.cu.channel[99999999999999999999999].length" "segments" -- validate "$P" --set 'links.cu.channel[99999999999999999999999].length=1m'
bad_opt "set no unit" "--set: " "links.cu.channel[1].length" "no unit" -- validate "$P" --set 'links.cu.channel[1].length=3'
bad_opt "set wrong unit" "--set: " "workload.size" "but this parameter is a size" -- validate "$P" --set workload.size=3ns
bad_opt "set range" "--set: " "links.cu.serdes.lanes" "out of range" -- validate "$P" --set links.cu.serdes.lanes=99
bad_opt "set choice" "--set: " "workload.pattern" "is not one of" -- validate "$P" --set workload.pattern=all
bad_opt "set empty value" "--set: " "workload.load" -- validate "$P" --set workload.load=
# Values given by --set that break a rule between parameters (check_netlist):
# the message says where the value came from (--set), not a file line.
bad_opt "set warmup" "--set: " "simulation.warmup" "warmup must be shorter than duration" -- validate "$P" --set simulation.warmup=5us
bad_opt "set duration" "--set: " "simulation.duration" "warmup must be shorter" -- validate "$P" --set simulation.duration=500ns
bad_opt "set size_max" "--set: " "workload.size_max" "larger than size_max" -- validate "$P" --set workload.size_max=32B
bad_opt "set sources" "--set: " "workload.sources" "more sources than endpoints" -- validate "$P" --set workload.sources=9
bad_opt "set incast" "--set: " "workload.incast_target" "out of range" -- validate "$P" --set workload.incast_target=4
bad_opt "set budget" "base.yaml:23: " "link does not come up" -- validate "$P" --set 'links.cu.channel[1].length=20m'
# The file's own values are blamed when --set is not involved in the rule.
variant warm 5s/1us/2us/
bad_opt "file warmup vs --set seed" "warm.yaml:5: " "simulation.warmup" -- validate "$TMP/warm.yaml" --set simulation.seed=3
bad_opt "file warmup vs --seed" "warm.yaml:5: " "simulation.warmup" -- validate "$TMP/warm.yaml" --seed 4

# --seed and --duration.
bad_opt "seed text" "--seed: " "simulation.seed" "whole number" -- validate "$P" --seed abc
bad_opt "seed negative" "--seed: " "simulation.seed" "out of range" -- validate "$P" --seed -1
bad_opt "seed huge" "--seed: " "simulation.seed" -- validate "$P" --seed 99999999999999999999999
bad_opt "seed range" "--seed: " "simulation.seed" "out of range" -- validate "$P" --seed 4294967296
bad_opt "seed missing" "--seed" -- validate "$P" --seed
bad_opt "duration no unit" "--duration: " "simulation.duration" "no unit" -- validate "$P" --duration 5
bad_opt "duration text" "--duration: " "simulation.duration" -- run "$P" -q --out "$TMP/out" --duration soon
bad_opt "duration zero" "--duration: " "simulation.duration" "out of range" -- validate "$P" --duration 0s
bad_opt "duration vs warmup" "--duration: " "simulation.duration" "warmup must be shorter than duration" -- validate "$P" --duration 1us
bad_opt "duration vs warmup (run)" "--duration: " "simulation.duration" "warmup must be shorter" -- run "$P" -q --out "$TMP/out" --duration 500ns
bad_opt "duration empty" "--duration" -- validate "$P" --duration=

# Commands, options and positional arguments.
bad_opt "unknown option" "--bogus" -- validate "$P" --bogus
bad_opt "two platforms" "too many positional" -- validate "$P" "$P"
bad_opt "validate nothing" "validate" "platform file" -- validate
bad_opt "trace without vcd" "--trace" "--vcd" -- run "$P" -q --out "$TMP/out" --trace '*'
bad_opt "report is a folder" "--report: " "folder" -- run "$P" -q --out "$TMP/out" --report "$TMP"
bad_opt "out under a file" "base.yaml" "cannot create folder" -- run "$P" -q --out "$P/sub"
run_cli frobnicate
CASES=$((CASES + 1))
[ "$RC" -eq 2 ] || fail "unknown command: exit $RC"
case $ERR in *"unknown command 'frobnicate'"*) ;; *) fail "unknown command: $ERR" ;; esac
run_cli
CASES=$((CASES + 1))
[ "$RC" -eq 2 ] || fail "no command: exit $RC"

# An output that fails while being written (a full disk: /dev/full) is one
# clear error and exit 2, not a truncated file and exit 0; the VCD fails the
# same way whether its writer runs on its own thread or inline.
if [ -w /dev/full ]; then
  for thread in on off; do
    # 20 us fails at the last flush; 300 us of bench_switch64 fills the
    # writer's 1 MiB buffer many times, so it fails in the middle of the run.
    for case in "$P 20us" "$SRC/platforms/bench_switch64.yaml 300us"; do
      read -r plat dur <<< "$case"
      run_cli run "$plat" -q --out "$TMP/full" --duration "$dur" --set simulation.warmup=1us \
        --vcd /dev/full --set simulation.trace_thread=$thread
      check_error "VCD on a full disk ($dur, trace_thread $thread)" "/dev/full" \
        "cannot write the VCD" "No space left"
    done
  done
  run_cli run "$P" -q --out "$TMP/full" --duration 20us --power-log /dev/full
  check_error "power log on a full disk" "/dev/full" "cannot write the power log"
  run_cli run "$P" -q --out "$TMP/full" --duration 20us --report /dev/full
  check_error "report on a full disk" "/dev/full" "cannot write the report"
fi

# Good options still work.
run_cli validate "$P" --seed 3 --duration 3us --set 'acc*.ports=2' --set workload.load=0.5
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "good options: exit $RC: $ERR"

finish
