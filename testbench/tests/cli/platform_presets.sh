#!/usr/bin/env bash
# A platform's own preset files (`presets: [FILE, ...]`, relative to the file
# that names them, also in extends/include files): a preset of a shipped name
# replaces the shipped one whole, later files replace earlier ones (base,
# includes, the file's own list), the report changes by what the edit
# predicts, and every problem is one exit-2 line naming file, line and path.
# The files are inputs: no output may land on one.
source "$(dirname "$0")/lib.bash" "$@"
command -v jq > /dev/null || {
  echo "SKIP: jq is missing (scripts/setup.sh installs it)"
  exit 77
}

# The shipped serdes_224g_lr with its loss budget and energy floor edited:
# 40 dB -> 43 dB, 4.5 -> 5.5 pJ/bit.
edited_224g() { # NAME BUDGET FLOOR
  cat <<YAML
presets:
  $1:
    type: serdes_phy
    description: an edited 224G long-reach SerDes
    params:
$(sed -n '/^  serdes_224g_lr:/,/^  [a-z]/p' "$SRC/platforms/presets/serdes.yaml" | grep '^      ' |
    sed -E "s|(loss_budget: *\{ *value: *)40dB|\1$2|; s|(energy_per_bit_floor: *\{ *value: *)4.5pJ/bit|\1$3|")
YAML
}
mkdir -p "$TMP/user/parts"
edited_224g serdes_224g_lr 43dB 5.5pJ/bit > "$TMP/user/parts/my_presets.yaml"
grep -q '43dB' "$TMP/user/parts/my_presets.yaml" && grep -q '5.5pJ/bit' "$TMP/user/parts/my_presets.yaml" ||
  fail "could not make the edited preset file: $(cat "$TMP/user/parts/my_presets.yaml")"
sed 's/^fabricvp: 1$/fabricvp: 1\npresets: [parts\/my_presets.yaml]/' "$SRC/platforms/default.yaml" \
  > "$TMP/user/mine.yaml"

# From another folder, as a user would: the report's numbers move by the edit.
report() { jq -r "$2" "$1"; }
(cd "$TMP" && "$BIN" run -q "$SRC/platforms/default.yaml" --out "$TMP/shipped") > "$TMP/log" 2>&1 ||
  fail "shipped run: $(cat "$TMP/log")"
(cd "$TMP/user/parts" && "$BIN" run -q ../mine.yaml --out "$TMP/own") > "$TMP/log" 2>&1 ||
  fail "own-preset run: $(cat "$TMP/log")"
a=$TMP/shipped/default.report.json b=$TMP/own/default.report.json
CASES=$((CASES + 1))
# margin = budget - loss: +3 dB on every link.
d=$(jq -n --slurpfile a "$a" --slurpfile b "$b" '$b[0].links[0].margin_db - $a[0].links[0].margin_db')
awk -v d="$d" 'BEGIN { exit !(d > 2.999999 && d < 3.000001) }' || fail "margin moved by $d dB, expected 3"
CASES=$((CASES + 1))
# Idle SerDes power = lanes x lane rate x energy/bit x idle_power_fraction:
# 16 links x 2 ends x 2 lanes x 212.5 Gb/s x 1 pJ/bit x 0.7 = 9.52 W more.
d=$(jq -n --slurpfile a "$a" --slurpfile b "$b" \
  '$b[0].power.idle_w_by_class.serdes - $a[0].power.idle_w_by_class.serdes')
awk -v d="$d" 'BEGIN { exit !(d > 9.519999 && d < 9.520001) }' || fail "idle SerDes power moved by $d W, expected 9.52"
CASES=$((CASES + 1))
d=$(jq -n --slurpfile a "$a" --slurpfile b "$b" '$b[0].links[0].serdes_pj_per_bit - $a[0].links[0].serdes_pj_per_bit')
awk -v d="$d" 'BEGIN { exit !(d > 0.999999 && d < 1.000001) }' || fail "link pJ/bit moved by $d, expected 1"

# `list presets --platform` shows the replacement and where it came from.
run_cli list presets serdes_224g_lr --platform "$TMP/user/mine.yaml"
CASES=$((CASES + 1))
case $OUT in *"loss_budget = 43dB"*"replacing the one at $SRC/platforms/presets/serdes.yaml"*) ;;
  *"replacing the one at $SRC/platforms/presets/serdes.yaml"*"loss_budget = 43dB"*) ;;
  *) fail "list presets --platform: $OUT $ERR" ;; esac
run_cli list presets serdes_224g_lr
CASES=$((CASES + 1))
case $OUT in *"loss_budget = 40dB"*) ;; *) fail "shipped list changed: $OUT" ;; esac

# Precedence: a base's preset file < an included fragment's < the file's own
# list; the last one loaded wins (budgets 41, 42, 43 dB).
edited_224g serdes_224g_lr 41dB 4.5pJ/bit > "$TMP/user/base_presets.yaml"
edited_224g serdes_224g_lr 42dB 4.5pJ/bit > "$TMP/user/frag_presets.yaml"
sed 's/^fabricvp: 1$/fabricvp: 1\npresets: [base_presets.yaml]/' "$SRC/platforms/default.yaml" \
  > "$TMP/user/base.yaml"
cat > "$TMP/user/frag.yaml" <<'YAML'
fabricvp: 1
presets: [frag_presets.yaml]
YAML
budget() { # PLATFORM: the first link's budget column in validate
  run_cli validate "$1"
  printf '%s\n' "$OUT" | awk '/acc0.port0/ { print $6; exit }'
}
write_platform() { # NAME PRESETS-LINE INCLUDE-LINE
  printf 'fabricvp: 1\nextends: base.yaml\n%s\n%s\nname: layered\n' "$2" "$3" > "$TMP/user/$1.yaml"
}
write_platform only_base "" ""
write_platform with_frag "" "include: [frag.yaml]"
write_platform with_own "presets: [parts/my_presets.yaml]" "include: [frag.yaml]"
for c in "only_base 41.00" "with_frag 42.00" "with_own 43.00"; do
  set -- $c
  CASES=$((CASES + 1))
  got=$(budget "$TMP/user/$1.yaml")
  [ "$got" = "$2" ] || fail "$1: budget $got dB, expected $2 ($ERR)"
done
# Two files in one list: the later wins.
printf 'fabricvp: 1\nextends: default_copy.yaml\npresets: [parts/my_presets.yaml, base_presets.yaml]\n' \
  > "$TMP/user/two.yaml"
cp "$SRC/platforms/default.yaml" "$TMP/user/default_copy.yaml"
CASES=$((CASES + 1))
got=$(budget "$TMP/user/two.yaml")
[ "$got" = "41.00" ] || fail "two files: budget $got dB, expected 41.00 (the later file) ($ERR)"

# --print-resolved keeps the preset files (as absolute paths) and validates alike.
run_cli validate "$TMP/user/with_own.yaml" --print-resolved
printf '%s\n' "$OUT" > "$TMP/resolved.yaml"
CASES=$((CASES + 1))
grep -q "$TMP/user/parts/my_presets.yaml" "$TMP/resolved.yaml" || fail "resolved text lacks the preset file: $OUT"
got=$(budget "$TMP/resolved.yaml")
[ "$got" = "43.00" ] || fail "resolved platform: budget $got dB, expected 43.00 ($ERR)"

# Errors: file, line and path.
printf 'fabricvp: 1\nextends: default_copy.yaml\npresets: [nowhere.yaml]\n' > "$TMP/user/missing.yaml"
run_cli validate "$TMP/user/missing.yaml"
check_error missing "missing.yaml:3: " "presets[0]" "nowhere.yaml" "cannot open file"
printf 'fabricvp: 1\nextends: default_copy.yaml\npresets: parts/my_presets.yaml\n' > "$TMP/user/not_list.yaml"
run_cli validate "$TMP/user/not_list.yaml"
check_error not_list "not_list.yaml:3: " "presets" "expected a list of preset files"
cat > "$TMP/user/bad_presets.yaml" <<'YAML'
presets:
  serdes_224g_lr:
    type: serdes_phy
    params:
      loss_budget: {value: 43, source: "no unit"}
YAML
printf 'fabricvp: 1\nextends: default_copy.yaml\npresets: [bad_presets.yaml]\n' > "$TMP/user/bad.yaml"
run_cli validate "$TMP/user/bad.yaml"
check_error bad_value "bad_presets.yaml:5: " "presets.serdes_224g_lr.params.loss_budget" \
  "preset file named at $TMP/user/bad.yaml:3"
CASES=$((CASES + 1))
[ "$(grep -o 'preset file named at' <<< "$ERR" | wc -l)" -eq 1 ] || fail "the chain is said more than once: $ERR"
run_cli list presets --platform "$TMP/user/bad.yaml"
check_error bad_value_list "bad_presets.yaml:5: " "presets.serdes_224g_lr.params.loss_budget" \
  "preset file named at $TMP/user/bad.yaml:3"
cat > "$TMP/user/clash_presets.yaml" <<'YAML'
presets:
  serdes_224g_lr:
    type: switch_asic
    params: {}
YAML
printf 'fabricvp: 1\nextends: default_copy.yaml\npresets: [clash_presets.yaml]\n' > "$TMP/user/clash.yaml"
run_cli validate "$TMP/user/clash.yaml"
check_error type_clash "clash_presets.yaml:3: " "presets.serdes_224g_lr.type" "serdes_phy" \
  "keeps its type"
sed 's/serdes_224g_lr, lanes/serdes_224g_rl, lanes/' "$SRC/platforms/default.yaml" > "$TMP/user/typo.yaml"
run_cli validate "$TMP/user/typo.yaml"
check_error unknown_preset "typo.yaml:" "unknown preset 'serdes_224g_rl'" "did you mean 'serdes_224g_lr'"
# A fragment's preset file that is missing names the fragment's line and the chain.
printf 'fabricvp: 1\npresets: [gone.yaml]\n' > "$TMP/user/frag_bad.yaml"
printf 'fabricvp: 1\nextends: default_copy.yaml\ninclude: [frag_bad.yaml]\n' > "$TMP/user/via_frag.yaml"
run_cli validate "$TMP/user/via_frag.yaml"
check_error fragment_missing "frag_bad.yaml:2: " "presets[0]" "included from $TMP/user/via_frag.yaml:3"

# A preset file of the platform is an input: no output may replace it.
run_cli run "$TMP/user/mine.yaml" -q --out "$TMP/o2" --report "$TMP/user/parts/my_presets.yaml"
check_error output_on_preset "--report" "my_presets.yaml" "a file the platform reads (preset file"
CASES=$((CASES + 1))
grep -q '43dB' "$TMP/user/parts/my_presets.yaml" || fail "the preset file was overwritten"
# So is a file the platform extends.
run_cli run "$TMP/user/with_own.yaml" -q --out "$TMP/o3" --link-csv "$TMP/user/base.yaml"
check_error output_on_base "--link-csv" "base.yaml" "a file the platform reads"

# Mutations of the platform's preset file (fixed seed): validate exits 0 or 2,
# and a 2 is one error line naming a file and line.
RANDOM=20261202
good=$TMP/user/parts/my_presets.yaml
cp "$good" "$TMP/pristine.yaml"
lines=$(wc -l < "$good") bytes=$(wc -c < "$good")
junk=(':' '-' '{' '}' '[' ']' ',' '"' '#' ' ' '	' '&' '*' '|' 'x' '0')
for ((v = 0; v < 40; ++v)); do
  case $((v % 3)) in
    0) sed "$((RANDOM % lines + 1))d" "$TMP/pristine.yaml" > "$good" ;;
    1) head -c $((RANDOM % bytes)) "$TMP/pristine.yaml" > "$good" ;;
    2) pos=$((RANDOM % bytes))
      { head -c "$pos" "$TMP/pristine.yaml"; printf '%s' "${junk[$((RANDOM % ${#junk[@]}))]}"
        tail -c +$((pos + 2)) "$TMP/pristine.yaml"; } > "$good" ;;
  esac
  run_cli validate "$TMP/user/mine.yaml"
  CASES=$((CASES + 1))
  case $RC in
    0) ;;
    2) [ "$(printf '%s\n' "$ERR" | grep -c .)" -eq 1 ] && [[ $ERR == "fabricvp: error: "*:[0-9]* ]] ||
      fail "mutation $v: $ERR" ;;
    *) fail "mutation $v: exit $RC: $ERR (input kept as $TMP/mutation_$v.yaml)"
      cp "$good" "$TMP/mutation_$v.yaml" ;;
  esac
done
finish
