#!/usr/bin/env bash
# Every shipped platform validates, and `list` works for every type and for
# presets (exit 0, nothing on stderr).
source "$(dirname "$0")/lib.bash" "$@"

ok_cli() { # WHAT ARGS...
  local what=$1
  shift
  run_cli "$@"
  CASES=$((CASES + 1))
  if [ "$RC" -ne 0 ]; then
    fail "$what: exit $RC: $ERR"
  elif [ -n "$ERR" ]; then
    fail "$what: unexpected stderr: $ERR"
  fi
}

n=0
for p in "$SRC"/platforms/*.yaml; do
  ok_cli "validate $(basename "$p")" validate "$p"
  case $OUT in *": ok: "*) ;; *) fail "validate $(basename "$p"): no 'ok' line: $OUT" ;; esac
  n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no shipped platforms found in $SRC/platforms"

ok_cli "list" list
types=$(printf '%s\n' "$OUT" | sed -n 's/^\([a-z_][a-z0-9_]*\) (.*/\1/p')
[ -n "$types" ] || fail "list printed no types"
for t in $types; do
  ok_cli "list $t" list "$t"
  case $OUT in "$t ("*) ;; *) fail "list $t: does not start with the type: $OUT" ;; esac
done
ok_cli "list presets" list presets
[ -n "$OUT" ] || fail "list presets printed nothing"
# Every preset is for a listed type.
for pt in $(printf '%s\n' "$OUT" | sed -n 's/^[a-z0-9_]* (\([a-z_]*\)).*/\1/p' | sort -u); do
  printf '%s\n' $types | grep -qx "$pt" || fail "a preset is for type '$pt', which list does not know"
done
ok_cli "help" --help
ok_cli "run help" run --help
ok_cli "validate help" validate --help

finish
