#!/usr/bin/env bash
# Component types, segment kinds and presets: unknown, or for the wrong type.
source "$(dirname "$0")/lib.bash" "$@"

variant unknown_type '10s/accelerator_port/accelerator_prot/'
expect_bad unknown_type 10 "components[0].type" "unknown component type 'accelerator_prot'" "known:"
variant segment_as_type '13s/switch_asic/cable/'
expect_bad segment_as_type 13 "components[1].type" "unknown component type 'cable'"
variant serdes_as_type '13s/switch_asic/serdes_phy/'
expect_bad serdes_as_type 13 "components[1].type" "unknown component type"
variant type_as_segment '20s/package/switch_asic/'
expect_bad type_as_segment 20 "links.cu.channel[0].segment" "unknown segment kind"
variant unknown_preset '18s/serdes_112g_lr/serdes_999g/'
expect_bad unknown_preset 18 "links.cu.serdes.preset" "unknown preset 'serdes_999g'"
variant wrong_type_preset '18s/serdes_112g_lr/twinax_26awg/'
expect_bad wrong_type_preset 18 "links.cu.serdes.preset" "is for cable, not serdes_phy"
variant segment_wrong_preset '21s/twinax_26awg/serdes_112g_lr/'
expect_bad segment_wrong_preset 21 "links.cu.channel[1].preset" "not cable"
variant comp_wrong_preset '14a\    preset: serdes_112g_lr'
expect_bad comp_wrong_preset 15 "components[1].preset" "not switch_asic"
variant comp_unknown_preset '14a\    preset: nope'
expect_bad comp_unknown_preset 15 "components[1].preset" "unknown preset 'nope'"
variant preset_list '18s/preset: serdes_112g_lr/preset: [serdes_112g_lr]/'
expect_bad preset_list 18 "links.cu.serdes.preset" "found a list"

# Reserved and malformed instance names.
variant name_space '8s/"acc{i}"/"acc {i}"/'
expect_bad name_space 8 "components[0].name" "not a valid name"
variant name_dash '12s/sw0/sw-0/'
expect_bad name_dash 12 "components[1].name" "not a valid name"
variant name_reserved '12s/sw0/workload/'
expect_bad name_reserved 12 "components[1].name" "reserved"
variant name_twice '12s/sw0/acc3/'
expect_bad name_twice 12 "components[1].name" "defined twice"
variant no_endpoint '8,11d; 22,26d'
expect_bad no_endpoint 8 "components" "no accelerator_port"

# `list` of an unknown type.
run_cli list no_such_type
check_error "list unknown type" "no_such_type" "unknown component type"

finish
