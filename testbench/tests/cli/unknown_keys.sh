#!/usr/bin/env bash
# Unknown keys at every level are errors (nothing is silently ignored).
source "$(dirname "$0")/lib.bash" "$@"

variant top_key '2a colour: red'
expect_bad top_key 3 "colour" "unknown key"
variant sim_key '6a\  sede: 3'
expect_bad sim_key 7 "simulation.sede" "unknown key"
variant comp_key '11a\    colour: red'
expect_bad comp_key 12 "colour" "unknown key"
variant switch_key '14a\    radixx: 8'
expect_bad switch_key 15 "sw0.radixx" "unknown key"
variant link_key '17a\    flowcontrol: credit'
expect_bad link_key 18 "links.cu.flowcontrol" "unknown key"
variant serdes_key '18s/lanes: 4}/lanes: 4, lane: 2}/'
expect_bad serdes_key 18 "links.cu.serdes.lane" "unknown key"
variant segment_key '20s/{segment: package}/{segment: package, lenght: 1mm}/'
expect_bad segment_key 20 "links.cu.channel[0].lenght" "unknown key"
variant conn_key '26a\    label: x'
expect_bad conn_key 27 "connections[0].label" "unknown key"
variant workload_key '30a\  sise: 1KiB'
expect_bad workload_key 31 "workload.sise" "unknown key"
variant missing_type '10d'
expect_bad missing_type 8 "components[0]" "missing key 'type'"
variant missing_name '8s/name: "acc{i}"/preset_x: 1/; 8s/preset_x: 1/count: 4/; 9d'
expect_bad missing_name 8 "components[0]" "missing key 'name'"
variant missing_link '26d'
expect_bad missing_link 23 "connections[0]" "missing key 'link'"
variant missing_b '25d'
expect_bad missing_b 23 "connections[0]" "missing key 'b'"
variant missing_serdes '18d'
expect_bad missing_serdes 17 "links.cu" "missing key 'serdes'"
variant missing_segment '20s/{segment: package}/{length: 1mm}/'
expect_bad missing_segment 20 "links.cu.channel[0]" "missing key 'segment'"
variant unknown_link '26s/link: cu/link: fibre/'
expect_bad unknown_link 26 "connections[0].link" "unknown link kind"
variant unknown_segment '20s/package/pakage/'
expect_bad unknown_segment 20 "links.cu.channel[0].segment" "unknown segment kind"

finish
