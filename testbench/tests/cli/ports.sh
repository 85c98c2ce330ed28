#!/usr/bin/env bash
# Connections: dangling ports (unknown component, port index out of range,
# negative, beyond the radix), ports connected twice or to themselves,
# malformed port references.
source "$(dirname "$0")/lib.bash" "$@"

variant no_component '24s/acc{i}/accel{i}/'
expect_bad no_component 24 "connections[0].a" "dangling port" "no component named 'accel0'"
variant beyond_ports '24s/port0/port1/'
expect_bad beyond_ports 24 "connections[0].a" "dangling port" "'acc0' has ports 0..0"
variant beyond_radix '25s/port{i}/port{i+1}/'
expect_bad beyond_radix 25 "connections[0].b" "dangling port" "sw0" "radix 4"
variant negative_port '25s/port{i}/port{i-1}/'
expect_bad negative_port 25 "connections[0].b" "dangling port" "port-1"
variant huge_port '25s/port{i}/port99999999999999999999/'
expect_bad huge_port 25 "connections[0].b" "dangling port"
variant no_port_word '24s/acc{i}.port0/acc{i}/'
expect_bad no_port_word 24 "connections[0].a" "INSTANCE.portN"
variant port_letters '24s/acc{i}.port0/acc{i}.portx/'
expect_bad port_letters 24 "connections[0].a" "INSTANCE.portN"
variant twice '26a\  - {a: acc0.port0, b: sw0.port3, link: cu}'
expect_bad twice 27 "connections[1].a" "acc0.port0 is connected twice" "acc0.port0 <-> sw0.port0"
variant twice_in_loop '25s/port{i}/port{i\/2}/'
expect_bad twice_in_loop 25 "connections[0].b" "sw0.port0 is connected twice"
variant to_itself '26a\  - {a: sw0.port3, b: sw0.port3, link: cu}'
sed -i '23s/0..3/0..2/' "$TMP/to_itself.yaml"
expect_bad to_itself 27 "connections[1].b" "connected to itself"
# Reducing the port count from the command line below a connected port.
run_cli validate "$TMP/base.yaml" --set sw0.radix=2
check_error "radix below a connected port" "--set" "sw0.radix" "sw0.port2 is connected"
# A platform whose endpoints cannot reach each other fails `validate` and
# `run` as bad input, naming the endpoint that reaches fewer (acc2, line 8).
variant unreachable '23s/0..3/0..1/'
expect_bad unreachable 8 "acc2" "endpoint acc0 cannot reach acc2"

finish
