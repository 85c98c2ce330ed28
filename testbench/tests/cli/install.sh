#!/usr/bin/env bash
# The tool installs anywhere: `cmake --install BUILD --prefix P` puts the
# binary in P/bin and presets, platforms, studies and docs under
# P/share/fabricvp; the installed binary finds them relative to itself (no
# FABRICVP_ROOT, run from an unrelated folder) and uses the installed presets
# (an edited preset changes its result); FABRICVP_ROOT overrides that.
source "$(dirname "$0")/lib.bash" "$@"
build=$(dirname "$(realpath "$BIN")")
prefix=$TMP/prefix
CASES=$((CASES + 1))
if ! cmake --install "$build" --prefix "$prefix" > "$TMP/install.log" 2>&1; then
  fail "cmake --install: $(tail -5 "$TMP/install.log")"
  finish
fi
for f in bin/fabricvp share/fabricvp/platforms/default.yaml share/fabricvp/platforms/presets \
  share/fabricvp/docs/modules/README.md share/fabricvp/README.md; do
  [ -e "$prefix/$f" ] || fail "install lacks $f"
done

installed() { (cd "$TMP" && env -u FABRICVP_ROOT "$prefix/bin/fabricvp" "$@"); }
CASES=$((CASES + 1))
out=$(installed run -q --out "$TMP/o" 2>&1) || fail "installed run: $out"
grep -q "\"file\": \"$prefix/share/fabricvp/platforms/default.yaml\"" "$TMP/o/default.report.json" ||
  fail "installed run did not use the installed default platform: $(grep '"file"' "$TMP/o/default.report.json")"

# An edited installed preset is the one used: the default link's SerDes budget.
CASES=$((CASES + 1))
before=$(installed validate "$prefix/share/fabricvp/platforms/default.yaml" | grep -m1 'acc0.port0')
sed -i -E '/^  serdes_224g_lr:/,/^  [a-z]/ s/(loss_budget: *\{ *value: *)40dB/\138dB/' \
  "$prefix/share/fabricvp/platforms/presets/serdes.yaml"
after=$(installed validate "$prefix/share/fabricvp/platforms/default.yaml" | grep -m1 'acc0.port0')
case $after in *"38.00"*) ;; *) fail "edited installed preset not used: before '$before', after '$after'" ;; esac

# FABRICVP_ROOT still overrides (the source tree's unedited presets).
CASES=$((CASES + 1))
root=$(cd "$TMP" && FABRICVP_ROOT=$SRC "$prefix/bin/fabricvp" validate "$SRC/platforms/default.yaml" | grep -m1 'acc0.port0')
case $root in *"40.00"*) ;; *) fail "FABRICVP_ROOT did not override: '$root'" ;; esac
finish
