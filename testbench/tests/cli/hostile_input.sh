#!/usr/bin/env bash
# Hostile input to the loader: self-referencing and exponential YAML aliases,
# deep nesting, strings long enough to overflow std::regex's recursion, and
# input files that are FIFOs, devices, folders or too large. Each must give
# one exit-2 message naming the file (and line and path where there is one)
# within the timeout, never a signal or a hang.
source "$(dirname "$0")/lib.bash" "$@"

# Aliases: a node that contains itself, directly or through another anchor.
printf 'fabricvp: 1\nx: &a [*a]\n' > "$TMP/self_alias.yaml"
expect_bad self_alias 2 "x[0]" "alias cycle"
printf 'fabricvp: 1\nx: &a\n  y: [1, {z: *a}]\n' > "$TMP/alias_loop.yaml"
expect_bad alias_loop 2 "x.y[1].z" "alias cycle"
# Nesting past 64 levels (also as a workload file).
printf 'fabricvp: 1\nx: %s1%s\n' "$(printf '[%.0s' {1..70})" "$(printf ']%.0s' {1..70})" \
  > "$TMP/deep.yaml"
expect_bad deep 2 "x[0][0]" "nested deeper than 64 levels"
run_cli validate "$TMP/base.yaml" --workload "$TMP/deep.yaml"
check_error deep_workload "deep.yaml:2: " "nested deeper than 64 levels"
# Billion laughs: 9 levels of 10 aliases each are 10^9 nodes once expanded.
{
  echo "fabricvp: 1"
  echo "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1))
    echo "l$i: &l$i [*l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p]"
  done
} > "$TMP/laughs.yaml"
expect_bad laughs 2 "" "more than 1000000 nodes"

# Strings past 1,024 characters, refused before any pattern match (std::regex
# overflows the stack at about 100,000).
long_line() { # NAME LINE BEFORE CHAR COUNT AFTER: the base platform, line LINE
  # replaced by BEFORE, COUNT times CHAR, AFTER
  {
    base_platform | sed -n "1,$(($2 - 1))p"
    printf '%s' "$3"
    head -c "$5" /dev/zero | tr '\0' "$4"
    printf '%s\n' "$6"
    base_platform | sed -n "$(($2 + 1)),\$p"
  } > "$TMP/$1.yaml"
}
long_line long_name 8 '  - name: "' a 200000 '{i}"'
expect_bad long_name 8 "components[0].name" "200003 characters" "at most 1024"
long_line long_count 9 '    count: ' 7 200000 ''
expect_bad long_count 9 "components[0].count" "200000 characters"
long_line long_port 24 '    a: "acc{i}.port' 7 200000 '"'
expect_bad long_port 24 "connections[0].a" "200011 characters"
long_line long_range 23 '  - for: {i: 0..' 3 200000 '}'
expect_bad long_range 23 "connections[0].for.i" "200003 characters"
long_line long_key 7 '  ? ' k 200000 $'\n  : 1\ncomponents:'
expect_bad long_key 7 "simulation" "200000 characters"
# A name that grows past the limit only once its indices are substituted.
variant long_subst "8s/.*/  - name: \"a$(printf '{i}%.0s' {1..300})\"/; 9s/.*/    for: {i: [1000000000]}/"
expect_bad long_subst 8 "components[0].name" "3001 characters"
run_cli validate "$TMP/base.yaml" --set "links.$(head -c 100000 /dev/zero | tr '\0' a).lanes=1"
check_error long_set_path "--set: " "100012 characters" "at most 1024"
run_cli validate "$TMP/base.yaml" --set "workload.load=$(head -c 100000 /dev/zero | tr '\0' 7)"
check_error long_set_value "--set: workload.load: " "100000 characters"
# Long free text (a description) is fine up to 16 KiB.
variant long_description "2a description: $(printf 'd%.0s' {1..4000})"
run_cli validate "$TMP/long_description.yaml"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "long_description: a 4000-character description is refused: $ERR"

# Files that are not regular files, or too large, are refused before reading.
mkfifo "$TMP/fifo.yaml"
run_cli validate "$TMP/fifo.yaml"
check_error fifo "$TMP/fifo.yaml: " "not a regular file"
run_cli validate /dev/zero
check_error dev_zero "/dev/zero: " "not a regular file"
mkdir "$TMP/folder.yaml"
run_cli validate "$TMP/folder.yaml"
check_error folder "$TMP/folder.yaml: " "is a folder"
{
  base_platform
  head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' '#'
} > "$TMP/huge.yaml"
run_cli validate "$TMP/huge.yaml"
check_error huge "$TMP/huge.yaml: " "more than 16 MiB"
# ... also as a workload file, an included file or workload.file.
run_cli validate "$TMP/base.yaml" --workload "$TMP/fifo.yaml"
check_error fifo_workload "$TMP/fifo.yaml: " "not a regular file"
variant include_fifo '2a include: [fifo.yaml]'
expect_bad include_fifo 3 "include[0]" "not a regular file"
variant workload_fifo '30a\  file: fifo.yaml'
expect_bad workload_fifo 31 "workload.file" "not a regular file"

finish
