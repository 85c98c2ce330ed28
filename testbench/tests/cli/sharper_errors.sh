#!/usr/bin/env bash
# Errors that say what is wrong: a misspelt `count:` is an unknown key (not an
# unbound loop variable), a tab in YAML indentation is named as a tab, a
# cable between two ports of one switch is refused, --duration/--seed with
# --set of the same parameter is refused, and unknown names in `list` and in
# platforms come with the nearest known names.
source "$(dirname "$0")/lib.bash" "$@"

# `cout: 4` (line 9) in an array whose name uses {i}.
variant cout '9s/count: 4/cout: 4/'
expect_bad cout 9 "components[0].cout" "unknown key 'cout'" "did you mean 'count'"
# The same in a component without loops names the instance.
variant radixx '14s/radix: 4/radixx: 4/'
expect_bad radixx 14 "sw0.radixx" "unknown key 'radixx'" "did you mean 'radix'"
variant seriously '10s/accelerator_port/acelerator_port/'
expect_bad seriously 10 "components[0].type" "unknown component type 'acelerator_port'" \
  "did you mean 'accelerator_port'"

# Tabs in the indentation, where yaml-cpp's own message differs.
variant tab_line '11s/^    ports/\tports/'
expect_bad tab_line 11 "" "a tab in the indentation"
write tab_block <<'YAML'
fabricvp: 1
simulation:
	duration: 2us
YAML
expect_bad tab_block 3 "" "a tab in the indentation"
# A tab inside a flow map or after a value is no indentation: still fine.
variant tab_inside '20s/{segment: package}/{segment:\tpackage}/'
run_cli validate "$TMP/tab_inside.yaml"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "a tab inside a flow map: exit $RC: $ERR"

# A switch cabled to itself.
base_platform | sed '14s/radix: 4/radix: 6/' | sed '26a\
  - {a: sw0.port4, b: sw0.port5, link: cu}' > "$TMP/loopback.yaml"
expect_bad loopback 27 "connections[1].b" "sw0.port4 <-> sw0.port5" \
  "two ports of the same switch 'sw0'"

# --duration/--seed and --set of the same parameter.
bad_opt duration_twice "--duration" "simulation.duration" "given twice" "--set simulation.duration=5us" \
  -- validate "$TMP/base.yaml" --duration 3us --set simulation.duration=5us
bad_opt seed_twice "--seed" "simulation.seed" "given twice" \
  -- run "$TMP/base.yaml" -q --out "$TMP/o" --seed 3 --set simulation.seed=4
# Each alone is fine.
run_cli validate "$TMP/base.yaml" --duration 3us --set simulation.seed=4
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "--duration with another --set: exit $RC: $ERR"

# `list`: one preset by name, and the nearest names for an unknown one.
run_cli list presets serdes_224g_lr
CASES=$((CASES + 1))
case $OUT in "serdes_224g_lr (serdes_phy)"*"loss_budget = 40dB"*) ;; *) fail "list presets NAME: $OUT $ERR" ;; esac
CASES=$((CASES + 1))
[ "$(printf '%s\n' "$OUT" | grep -c '^[a-z].* (')" -eq 1 ] || fail "list presets NAME listed more than one: $OUT"
bad_opt preset_typo "serdes_224g_l" "unknown preset" "did you mean 'serdes_224g_lr'" -- list presets serdes_224g_l
bad_opt preset_far "nothing_like_it" "unknown preset" -- list presets nothing_like_it
CASES=$((CASES + 1))
case $ERR in *"did you mean"*) fail "a name far from all got a suggestion: $ERR" ;; esac
bad_opt type_typo "swich_asic" "unknown component type" "did you mean 'switch_asic'" -- list swich_asic
bad_opt type_swap "serdse_phy" "did you mean 'serdes_phy'" -- list serdse_phy
bad_opt list_presets_typo "prests" "did you mean 'presets'" -- list prests
finish
