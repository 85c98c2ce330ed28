#!/usr/bin/env bash
# Units (missing, wrong, unknown), ranges, numbers that are not numbers,
# choices and flags, and the cross-checks between values.
source "$(dirname "$0")/lib.bash" "$@"

variant no_unit '4s/2us/2/'
expect_bad no_unit 4 "simulation.duration" "no unit"
variant wrong_unit '4s/2us/2W/'
expect_bad wrong_unit 4 "simulation.duration" "is a power"
variant unknown_unit '21s/length: 1m/length: 1furlong/'
expect_bad unknown_unit 21 "links.cu.channel[1].length"
variant wrong_unit_len '21s/length: 1m/length: 1ns/'
expect_bad wrong_unit_len 21 "links.cu.channel[1].length"
variant not_number '30s/1KiB/lotsKiB/'
expect_bad not_number 30 "workload.size"
variant nan '4s/2us/nanus/'
expect_bad nan 4 "simulation.duration" "finite"
variant inf '4s/2us/1e999us/'
expect_bad inf 4 "simulation.duration" "finite"
variant load_high '29s/0.3/1.5/'
expect_bad load_high 29 "workload.load" "out of range"
variant load_negative '29s/0.3/-0.1/'
expect_bad load_negative 29 "workload.load" "out of range"
variant lanes_high '18s/lanes: 4/lanes: 400/'
expect_bad lanes_high 18 "links.cu.serdes.lanes" "out of range"
variant lanes_frac '18s/lanes: 4/lanes: 2.5/'
expect_bad lanes_frac 18 "links.cu.serdes.lanes" "whole number"
variant ports_zero '11s/ports: 1/ports: 0/'
expect_bad ports_zero 11 "ports" "out of range"
variant ports_huge '11s/ports: 1/ports: 99999999999999999999999/'
expect_bad ports_huge 11 "ports" "whole number"
variant radix_neg '14s/radix: 4/radix: -4/'
expect_bad radix_neg 14 "sw0.radix" "out of range"
variant seed_neg '6s/seed: 7/seed: -7/'
expect_bad seed_neg 6 "simulation.seed" "out of range"
variant seed_big '6s/seed: 7/seed: 4294967296/'
expect_bad seed_big 6 "simulation.seed" "out of range"
variant bad_choice '28s/uniform_random/uniform/'
expect_bad bad_choice 28 "workload.pattern" "is not one of"
variant bad_flow_control '17s/credit/credits/'
expect_bad bad_flow_control 17 "links.cu.flow_control" "is not one of"
variant bad_flag '6a\  drain: maybe'
expect_bad bad_flag 7 "simulation.drain" "true or false"

# Cross-checks between values.
variant warmup_eq '5s/1us/2us/'
expect_bad warmup_eq 5 "simulation.warmup" "warmup must be shorter than duration"
variant warmup_gt '5s/1us/3us/'
expect_bad warmup_gt 5 "simulation.warmup" "warmup must be shorter than duration"
variant warmup_default '5d; 4s/2us/1us/'
# warmup defaults to 2us: the blame falls on the duration that is too short.
expect_bad warmup_default 4 "simulation.duration" "warmup must be shorter than duration"
variant size_order '30a\  size_min: 2KiB\n  size_max: 1KiB'
expect_bad size_order 31 "workload.size_min" "larger than size_max"
variant size_max_small '30a\  size_max: 32B'
expect_bad size_max_small 31 "workload.size_max" "larger than size_max"
variant sources '30a\  sources: 5'
expect_bad sources 31 "workload.sources" "more sources than endpoints"
variant hotspot '30a\  hotspot_target: 4'
expect_bad hotspot 31 "workload.hotspot_target" "out of range"
variant budget '21s/length: 1m/length: 10m/'
expect_bad budget 23 "link does not come up"

finish
