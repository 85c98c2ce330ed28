#!/usr/bin/env bash
# What `run` used to find only while simulating is found by `validate` (and
# by `run` before any simulation), exit 2, with the file, line and parameter:
# a credit buffer smaller than the largest packet (once a "deadlock" at run
# time), an endpoint that generated traffic cannot reach; and a --trace glob
# that matches no signal is named (globs match with or without the top
# scope, the platform's name).
source "$(dirname "$0")/lib.bash" "$@"
P=$TMP/base.yaml

# Credit buffers: the receiver's rx_buffer (file line 12 here, or --set), a
# switch's buffer shared by its connected ports, a link's credit_buffer.
variant small_rx '11s/.*/    ports: 1\n    rx_buffer: 1000B/'
expect_bad small_rx 12 "acc0.rx_buffer" "1000 B of credit" "largest packet, 1024 B" "workload.size"
bad_opt "rx_buffer by --set" "--set: " "acc0.rx_buffer" "4095 B of credit" "4096 B" -- \
  validate "$SRC/platforms/default.yaml" --set 'acc*.rx_buffer=4095B'
bad_opt "rx_buffer by --set (run)" "--set: " "acc0.rx_buffer" "4095 B of credit" -- \
  run "$SRC/platforms/default.yaml" -q --out "$TMP/out" --set 'acc*.rx_buffer=4095B'
bad_opt "switch buffer" "--set: " "sw0.buffer" "3072 B shared by 4 connected ports" -- \
  validate "$P" --set sw0.buffer=3KiB
bad_opt "link credit_buffer" "--set: " "links.cu.credit_buffer" "1000 B of credit" -- \
  validate "$P" --set links.cu.credit_buffer=1000B
bad_opt "packets larger than the default rx_buffer" "--set: " "workload.size" "acc0.rx_buffer" -- \
  validate "$P" --set workload.size=300KiB
bad_opt "uniform sizes up to size_max" "--set: " "workload.size_max" "largest packet, 2048 B" -- \
  validate "$P" --set workload.size_distribution=uniform --set workload.size_max=2KiB \
  --set 'acc*.rx_buffer=2000B'
# Credit buffers do not matter on lossy links, nor without traffic.
for ok in "--set links.cu.flow_control=lossy --set acc*.rx_buffer=1000B" \
  "--set workload.pattern=none --set acc*.rx_buffer=1000B" \
  "--set acc*.rx_buffer=1KiB"; do
  # shellcheck disable=SC2086
  run_cli validate "$P" $ok
  CASES=$((CASES + 1))
  [ "$RC" -eq 0 ] || fail "validate $ok: exit $RC: $ERR"
done

# Reachability: acc3 is not connected (its component line is 8).
variant unreachable '23s/0\.\.3/0..2/'
expect_bad unreachable 8 "acc3" "endpoint acc0 cannot reach acc3" "uniform_random"
variant unreachable_idle '23s/0\.\.3/0..2/;28s/.*/  pattern: none/'
run_cli validate "$TMP/unreachable_idle.yaml"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "an unreachable endpoint without traffic: exit $RC: $ERR"

# --trace globs: one that matches nothing is an error naming it; a glob
# without the top scope matches as one with it.
bad_opt "trace glob matching nothing" "--trace: " "sw9.*" "matches no signal" "cli_test." -- \
  run "$P" -q --out "$TMP/out" --vcd "$TMP/t.vcd" --trace 'sw0.*' --trace 'sw9.*'
for glob in 'cli_test.sw0.*' 'sw0.*'; do
  run_cli run "$P" -q --out "$TMP/out" --vcd "$TMP/t.vcd" --trace "$glob"
  CASES=$((CASES + 1))
  [ "$RC" -eq 0 ] || fail "--trace $glob: exit $RC: $ERR"
  grep '^\$var' "$TMP/t.vcd" > "$TMP/vars.$( [ "$glob" = 'sw0.*' ] && echo short || echo full)"
done
CASES=$((CASES + 1))
[ -s "$TMP/vars.full" ] || fail "--trace 'cli_test.sw0.*' traced nothing"
cmp -s "$TMP/vars.full" "$TMP/vars.short" || fail "'sw0.*' and 'cli_test.sw0.*' trace different signals"
grep -q 'port0_tx' "$TMP/t.vcd" && ! grep -q 'scope module acc0' "$TMP/t.vcd" ||
  fail "--trace 'sw0.*' did not trace exactly the switch"

finish
