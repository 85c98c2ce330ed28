#!/usr/bin/env bash
# Arrays: `count:`, `for:` ranges and lists, index expressions in names.
source "$(dirname "$0")/lib.bash" "$@"

variant count_zero '9s/count: 4/count: 0/'
expect_bad count_zero 9 "components[0].count" "[1, 1000000]"
variant count_negative '9s/count: 4/count: -3/'
expect_bad count_negative 9 "components[0].count" "[1, 1000000]"
variant count_huge '9s/count: 4/count: 99999999999999999999/'
expect_bad count_huge 9 "components[0].count" "whole number"
variant count_too_many '9s/count: 4/count: 1000001/'
expect_bad count_too_many 9 "components[0].count" "[1, 1000000]"
variant count_text '9s/count: 4/count: four/'
expect_bad count_text 9 "components[0].count" "whole number"
variant count_frac '9s/count: 4/count: 2.5/'
expect_bad count_frac 9 "components[0].count" "whole number"

variant range_down '23s/0..3/3..0/'
expect_bad range_down 23 "connections[0].for.i" "must run upwards"
variant range_text '23s/0..3/0...3/'
expect_bad range_text 23 "connections[0].for.i" "expected a range"
variant range_huge '23s/0..3/0..99999999999999999999/'
expect_bad range_huge 23 "connections[0].for.i" "range bounds"
variant range_product '23s/{i: 0..3}/{i: 0..999999, j: 0..999999}/'
expect_bad range_product 23 "connections[0]" "more than 1000000"
variant for_scalar '23s/{i: 0..3}/i/'
expect_bad for_scalar 23 "connections[0].for" "expected a map"
variant for_list_text '23s/0..3/[0, 1, x]/'
expect_bad for_list_text 23 "connections[0].for.i[2]" "not a whole number"
variant for_list_suffix '23s/0..3/[0, 1x]/'
expect_bad for_list_suffix 23 "connections[0].for.i[1]" "not a whole number"
variant for_list_empty '23s/0..3/[]/'
expect_bad for_list_empty 23 "connections[0].for.i" "empty list"
variant for_bad_var '23s/{i: 0..3}/{"i j": 0..3}/'
expect_bad for_bad_var 23 "connections[0].for.i j" "not a loop variable name"
variant for_twice '8s/.*/  - name: "acc{i}"\n    for: {i: 0..3}/'
expect_bad for_twice 9 "components[0].for.i" "bound twice"

variant expr_syntax '24s/acc{i}/acc{i+}/'
expect_bad expr_syntax 24 "connections[0].a" "index expression"
variant expr_paren '24s/acc{i}/acc{(i}/'
expect_bad expr_paren 24 "connections[0].a" "missing ')'"
variant expr_unclosed '24s/acc{i}/acc{i/'
expect_bad expr_unclosed 24 "connections[0].a" "unclosed '{'"
variant expr_var '24s/acc{i}/acc{k}/'
expect_bad expr_var 24 "connections[0].a" "unknown loop variable 'k'"
variant expr_div0 '25s/port{i}/port{i\/0}/'
expect_bad expr_div0 25 "connections[0].b" "division by zero"
variant expr_mod0 '25s/port{i}/port{i%(i-i)}/'
expect_bad expr_mod0 25 "connections[0].b" "division by zero"
variant expr_overflow '8s/acc{i}/acc{99999999999999999999}/'
expect_bad expr_overflow 8 "components[0].name" "out of range"
variant expr_overflow_mul '8s/acc{i}/acc{9223372036854775807*(i+2)}/'
expect_bad expr_overflow_mul 8 "components[0].name" "out of range"
variant expr_min_div '8s/acc{i}/acc{(-9223372036854775807-1)\/(i-1)}/'
expect_bad expr_min_div 8 "components[0].name" "out of range"
variant expr_deep "8s/acc{i}/acc{$(printf '(%.0s' $(seq 1 500))i$(printf ')%.0s' $(seq 1 500))}/"
expect_bad expr_deep 8 "components[0].name" "nested too deeply"
variant expr_no_loop '12s/sw0/sw{i}/'
expect_bad expr_no_loop 12 "components[1].name" "unknown loop variable 'i'"
variant same_name '8s/acc{i}/acc/'
expect_bad same_name 8 "components[0].name" "defined twice"

finish
