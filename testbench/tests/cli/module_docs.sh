#!/usr/bin/env bash
# docs/modules/ holds a page per registered component type whose parameter
# table is the registry's, as `fabricvp list TYPE --markdown` prints it;
# `docs --check` names a missing page, a stale table, a page without markers,
# a skeleton not yet written and a page of no type; `docs --write` brings the
# generated parts back and keeps the prose.
source "$(dirname "$0")/lib.bash" "$@"
PAGES=$SRC/docs/modules

# expect NAME CONDITION MESSAGE: one check.
expect() {
  CASES=$((CASES + 1))
  eval "$2" || fail "$1: $3"
}

run_cli docs --check "$PAGES"
expect "shipped pages" '[ "$RC" -eq 0 ]' "docs --check exit $RC: $ERR"

# Each page's table is what `list TYPE --markdown` prints.
run_cli list
types=$(printf '%s\n' "$OUT" | sed -n 's/^\([a-z_0-9]*\) (.*/\1/p')
expect "list names types" '[ -n "$types" ]' "no types in: $OUT"
for t in $types; do
  run_cli list "$t" --markdown
  table=$(sed -n '/<!-- params:begin -->/,/<!-- params:end -->/p' "$PAGES/$t.md" | grep '^|')
  expect "table of $t" '[ "$table" = "$OUT" ]' "$t.md differs from \`list $t --markdown\`"
done

# A stale table, a missing page, a page of no type, a page without markers.
cp -r "$PAGES" "$TMP/pages"
sed -i 's/| `64` | `\[2, 4096\]` |/| `63` | `[2, 4096]` |/' "$TMP/pages/switch_asic.md"
expect "edit" '! cmp -s "$PAGES/switch_asic.md" "$TMP/pages/switch_asic.md"' "sed changed nothing"
rm "$TMP/pages/fiber.md"
echo "# gone" > "$TMP/pages/old_type.md"
run_cli docs --check "$TMP/pages"
expect "check fails" '[ "$RC" -eq 1 ]' "exit $RC, expected 1"
for needle in "switch_asic.md: the generated part differs" "fiber.md: missing" \
  "old_type.md: no registered type"; do
  expect "check names $needle" '[[ $ERR == *"$needle"* ]]' "stderr lacks it: $ERR"
done

# --write fixes the table and starts the missing page as a skeleton.
rm "$TMP/pages/old_type.md"
run_cli docs --write "$TMP/pages"
expect "write" '[ "$RC" -eq 0 ]' "exit $RC: $ERR"
expect "write names files" '[[ $OUT == *switch_asic.md* && $OUT == *fiber.md* ]]' "$OUT"
expect "prose kept" 'cmp -s "$PAGES/switch_asic.md" "$TMP/pages/switch_asic.md"' \
  "switch_asic.md is not the shipped page again"
run_cli docs --check "$TMP/pages"
expect "skeleton flagged" '[ "$RC" -eq 1 ] && [[ $ERR == *"fiber.md: still has sections"* ]]' \
  "exit $RC: $ERR"
cp "$PAGES/fiber.md" "$TMP/pages/fiber.md"
run_cli docs --check "$TMP/pages"
expect "fixed" '[ "$RC" -eq 0 ]' "exit $RC: $ERR"
run_cli docs --write "$TMP/pages"
expect "write is idempotent" '[ "$RC" -eq 0 ] && [ -z "$OUT" ]' "wrote: $OUT"

sed -i '/<!-- params:end -->/d' "$TMP/pages/cage.md"
run_cli docs --check "$TMP/pages"
expect "markers" '[ "$RC" -eq 1 ] && [[ $ERR == *"cage.md: needs one"* ]]' "exit $RC: $ERR"
run_cli docs --write "$TMP/pages"
check_error "write without markers" "cage.md" "needs one"

run_cli docs
check_error "docs without --check or --write" "give one of --check and --write"

finish
