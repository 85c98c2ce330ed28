#!/usr/bin/env bash
# Broken preset files (platforms/presets/*.yaml under FABRICVP_ROOT): the
# error names the preset file, its line and the preset path; exit 2.
source "$(dirname "$0")/lib.bash" "$@"

ROOT=$TMP/root
bad_preset() { # NAME LINE PATH NEEDLE  (stdin: the extra preset file)
  local name=$1 line=$2 path=$3 needle=$4
  rm -rf "$ROOT"
  mkdir -p "$ROOT/platforms/presets"
  cp "$SRC"/platforms/presets/*.yaml "$ROOT/platforms/presets/"
  cat > "$ROOT/platforms/presets/zz_$name.yaml"
  FABRICVP_ROOT=$ROOT run_cli validate "$TMP/base.yaml"
  check_error "$name" "zz_$name.yaml:$line: " "$path" "$needle"
  FABRICVP_ROOT=$ROOT run_cli list presets
  check_error "$name (list presets)" "zz_$name.yaml:$line: " "$path" "$needle"
}

bad_preset no_source 5 "presets.p1.params.lanes" "source" <<'YAML'
presets:
  p1:
    type: serdes_phy
    params:
      lanes: 2
YAML
bad_preset bad_unit 5 "presets.p1.params.lane_rate" "no unit" <<'YAML'
presets:
  p1:
    type: serdes_phy
    params:
      lane_rate: {value: "100", source: "x"}
YAML
bad_preset unknown_param 5 "presets.p1.params.colour" "unknown parameter" <<'YAML'
presets:
  p1:
    type: serdes_phy
    params:
      colour: {value: red, source: "x"}
YAML
bad_preset unknown_type 3 "presets.p1.type" "unknown component type" <<'YAML'
presets:
  p1:
    type: serdes_xyz
    params: {}
YAML
bad_preset unknown_key 4 "presets.p1.sorce" "unknown key" <<'YAML'
presets:
  p1:
    type: serdes_phy
    sorce: x
    params: {}
YAML
bad_preset twice 2 "presets.serdes_112g_lr" "defined twice" <<'YAML'
presets:
  serdes_112g_lr:
    type: serdes_phy
    params: {}
YAML
bad_preset list_body 2 "presets.p1" "expected a map" <<'YAML'
presets:
  p1: [serdes_phy]
YAML
bad_preset syntax 5 "YAML syntax error" "" <<'YAML'
presets:
  p1:
    type: serdes_phy
    params: {lanes: {value: 2, source: x}
YAML

finish
