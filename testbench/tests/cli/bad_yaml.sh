#!/usr/bin/env bash
# Malformed YAML and malformed document shapes: one message naming the file,
# the line and the path, exit code 2.
source "$(dirname "$0")/lib.bash" "$@"

# Syntax errors.
variant unclosed_flow '18s/lanes: 4}/lanes: 4/'
expect_bad unclosed_flow 19 "YAML syntax error"
variant tab_indent '5s/^  warmup/\twarmup/'
expect_bad tab_indent 5 "a tab in the indentation"
variant bad_indent '10s/^    type/      type/'
expect_bad bad_indent 10 "YAML syntax error"
variant junk_after_quote '2s/.*/name: "cli"test/'
expect_bad junk_after_quote 2 "YAML syntax error"

# Empty and comment-only files.
: > "$TMP/empty.yaml"
expect_bad empty 1 "empty"
printf '# nothing but a comment\n\n' > "$TMP/comments.yaml"
expect_bad comments 1 "empty"

# A list or a single value where the document must be a map.
printf -- '- fabricvp: 1\n- name: x\n' > "$TMP/toplist.yaml"
expect_bad toplist 1 "a list"
printf 'just a string\n' > "$TMP/topscalar.yaml"
expect_bad topscalar 1 "a single value"

# Duplicate keys: yaml-cpp would keep the last silently.
variant dup_top '2a name: other'
expect_bad dup_top 3 "name" "duplicate key"
variant dup_param '11a\    ports: 2'
expect_bad dup_param 12 "components[0].ports" "duplicate key"
variant dup_inline '18s/lanes: 4}/lanes: 4, lanes: 2}/'
expect_bad dup_inline 18 "links.cu.serdes.lanes" "duplicate key"
variant dup_link '21a\  cu:\n    flow_control: lossy'
expect_bad dup_link 22 "links.cu" "duplicate key"

# A list where a map is expected, a map where a list is expected, a map or a
# list where a single value is expected.
variant sim_list '3,6c\simulation: [2us, 1us]'
expect_bad sim_list 3 "simulation" "expected a map"
variant comp_map '7,14c\components: {acc0: accelerator_port}'
expect_bad comp_map 7 "components" "expected a list"
variant conn_map '22,26c\connections: {a: acc0.port0}'
expect_bad conn_map 22 "connections" "expected a list"
variant links_list '15,21c\links: [cu]'
expect_bad links_list 15 "links" "expected a map"
variant channel_map '19,21c\    channel: {segment: package}'
expect_bad channel_map 19 "links.cu.channel" "expected a list"
variant segment_list '20s/.*/      - [package]/'
expect_bad segment_list 20 "links.cu.channel[0]" "expected a map"
variant comp_scalar '12,14c\  - sw0'
expect_bad comp_scalar 12 "components[1]" "expected a map"
variant param_map '11s/ports: 1/ports: {n: 1}/'
expect_bad param_map 11 "ports" "found a map"
variant param_list '29s/load: 0.3/load: [0.3, 0.4]/'
expect_bad param_list 29 "workload.load" "found a list"
variant param_null '4s/duration: 2us/duration:/'
expect_bad param_null 4 "simulation.duration" "no value"
variant type_null '10s/type: accelerator_port/type:/'
expect_bad type_null 10 "components[0].type" "no value"
variant links_null '15,21c\links:'
expect_bad links_null 15 "links" "no value"
variant type_map '10s/type: accelerator_port/type: {x: 1}/'
expect_bad type_map 10 "components[0].type" "found a map"
variant name_list '8s/name: "acc{i}"/name: [a, b]/'
expect_bad name_list 8 "components[0].name" "found a list"
variant serdes_scalar '18s/.*/    serdes: serdes_112g_lr/'
expect_bad serdes_scalar 18 "links.cu.serdes" "expected a map"
variant workload_scalar '27,30c\workload: uniform_random'
expect_bad workload_scalar 27 "workload" "expected a map"

# Document-level keys.
variant no_version '1d'
expect_bad no_version 1 "fabricvp" "missing key"
variant bad_version '1s/1/2/'
expect_bad bad_version 1 "fabricvp" "unsupported format version"
variant no_components '7,14d'
expect_bad no_components 1 "components" "missing key"

# A file that is not there, a folder, binary junk.
run_cli validate "$TMP/missing.yaml"
check_error "missing file" "missing.yaml" "cannot open"
run_cli run "$TMP/missing.yaml" -q --out "$TMP/out"
check_error "missing file (run)" "missing.yaml" "cannot open"
mkdir "$TMP/folder.yaml"
run_cli validate "$TMP/folder.yaml"
check_error "folder" "folder.yaml" "folder"
head -c 4096 "$BIN" | tr -d '\000' > "$TMP/binary.yaml"
run_cli validate "$TMP/binary.yaml"
check_error "binary" "binary.yaml:"

finish
