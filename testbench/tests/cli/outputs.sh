#!/usr/bin/env bash
# Outputs never destroy a user's files: no output may be an input of the run
# (platform, the files it extends or includes, workload file, preset files;
# through a link too) or share a
# file with another output; empty names are refused; an existing file is
# replaced only when an earlier run wrote it (or with --force), a .gtkw the
# user edited is kept; folders are created only inside --out. Each output is
# written under a temporary name and renamed when complete (a failed write
# leaves the previous file as it was and nothing that looks complete).
source "$(dirname "$0")/lib.bash" "$@"
LS=$SRC/platforms/leaf_spine.yaml
short=(--duration 2us --set simulation.warmup=1us --set simulation.power_log_interval=2us)

# run_limited BLOCKS ARGS...: run_cli with files limited to BLOCKS KiB (a
# write past it fails with EFBIG, "File too large", as a full disk would).
run_limited() {
  local blocks=$1
  shift
  (ulimit -f "$blocks" && trap '' XFSZ && exec timeout 60 "$BIN" "$@") > "$TMP/stdout" 2> "$TMP/stderr"
  RC=$?
  ERR=$(cat "$TMP/stderr")
}

no_temporaries() { # WHAT FOLDER
  CASES=$((CASES + 1))
  if ls -A "$2" | grep -q '\.tmp-'; then
    fail "$1: temporary files left behind: $(ls -A "$2")"
  fi
}

# The power log (one interval) fits under 8 KiB; the report (22 KiB) and
# the VCD do not.
run_cli run "$LS" -q --out "$TMP/lim" "${short[@]}"
cp "$TMP/lim/leaf_spine.report.json" "$TMP/report.before"
run_limited 8 run "$LS" -q --out "$TMP/lim" "${short[@]}" --seed 9
check_error "report past the size limit" "leaf_spine.report.json: " "cannot write the report" \
  "File too large"
cmp -s "$TMP/report.before" "$TMP/lim/leaf_spine.report.json" ||
  fail "a report that failed to write replaced the previous one"
no_temporaries "report past the size limit" "$TMP/lim"
run_limited 8 run "$LS" -q --out "$TMP/lim" "${short[@]}" --vcd "$TMP/lim/wave.vcd"
check_error "VCD past the size limit" "wave.vcd: " "cannot write the VCD" "File too large"
CASES=$((CASES + 1))
[ ! -e "$TMP/lim/wave.vcd" ] || fail "a VCD that failed to write was left as wave.vcd"
[ ! -e "$TMP/lim/wave.gtkw" ] || fail "a VCD that failed to write left wave.gtkw"
no_temporaries "VCD past the size limit" "$TMP/lim"

P=$TMP/base.yaml
quick=(-q --duration 2us --set simulation.warmup=1us)

unchanged() { # WHAT FILE COPY (restored from the copy when changed)
  CASES=$((CASES + 1))
  if ! cmp -s "$2" "$3"; then
    fail "$1: $2 was changed"
    cp "$3" "$2"
  fi
}

ok_run() { # WHAT ARGS...: exit 0
  local what=$1
  shift
  run_cli "$@"
  CASES=$((CASES + 1))
  [ "$RC" -eq 0 ] || fail "$what: exit $RC: $ERR"
}

# An output on an input: the platform, the same file through a symbolic
# link, a hard link or another spelling, the workload file, a preset file.
cp "$P" "$TMP/base.copy"
for opt in --report --vcd --power-log --link-csv; do
  bad_opt "$opt on the platform" "$opt: " "base.yaml" "is the platform file" -- \
    run "$P" "${quick[@]}" --out "$TMP/o1" "$opt" "$P"
  unchanged "$opt on the platform" "$P" "$TMP/base.copy"
done
ln -s "$P" "$TMP/link.yaml"
ln "$P" "$TMP/hard.yaml"
mkdir -p "$TMP/sub"
for other in "$TMP/link.yaml" "$TMP/hard.yaml" "$TMP/sub/../base.yaml"; do
  bad_opt "report on the platform as $other" "--report: " "is the platform file" -- \
    run "$P" "${quick[@]}" --out "$TMP/o1" --report "$other"
  unchanged "report on the platform as $other" "$P" "$TMP/base.copy"
done
cat > "$TMP/jobs.yaml" <<'YAML'
fabricvp_workload: 1
jobs:
  - name: j
    ranks: 0..3
    steps:
      - {name: ar, op: all_reduce, size: 64KiB}
YAML
cp "$TMP/jobs.yaml" "$TMP/jobs.copy"
bad_opt "power log on the workload file" "--power-log: " "is the workload file" -- \
  run "$P" "${quick[@]}" --out "$TMP/o1" --workload "$TMP/jobs.yaml" --power-log "$TMP/jobs.yaml"
unchanged "power log on the workload file" "$TMP/jobs.yaml" "$TMP/jobs.copy"
# A preset file (in a copy of the platforms folder, so that nothing of the
# source tree is at risk whatever the binary does).
mkdir -p "$TMP/root"
cp -r "$SRC/platforms" "$TMP/root/"
cp "$TMP/root/platforms/presets/serdes.yaml" "$TMP/serdes.copy"
FABRICVP_ROOT=$TMP/root bad_opt "link table on a preset file" "--link-csv: " "is a preset file" -- \
  run "$P" "${quick[@]}" --out "$TMP/o1" --link-csv "$TMP/root/platforms/presets/serdes.yaml"
unchanged "link table on a preset file" "$TMP/root/platforms/presets/serdes.yaml" "$TMP/serdes.copy"
# The files a platform extends and includes are inputs too, even with
# --force: a top file that extends a base, which includes a fragment with
# the link kind.
mkdir -p "$TMP/multi/sub"
{
  echo "fabricvp: 1"
  base_platform | sed -n '15,21p'
} > "$TMP/multi/cu.yaml"
base_platform | sed -e '15,21c\include: [cu.yaml]' > "$TMP/multi/base.yaml"
printf 'fabricvp: 1\nname: top\nextends: base.yaml\n' > "$TMP/multi/top.yaml"
cp "$TMP/multi/base.yaml" "$TMP/multi/base.copy"
cp "$TMP/multi/cu.yaml" "$TMP/multi/cu.copy"
bad_opt "report on the extended file" "--report: " "multi/base.yaml" \
  "is a file the platform reads (extended by $TMP/multi/top.yaml:3)" -- \
  run "$TMP/multi/top.yaml" "${quick[@]}" --out "$TMP/o1" --force --report "$TMP/multi/base.yaml"
unchanged "report on the extended file" "$TMP/multi/base.yaml" "$TMP/multi/base.copy"
for opt in --vcd --power-log --link-csv; do
  bad_opt "$opt on the included file" "$opt: " "multi/cu.yaml" \
    "is a file the platform reads (included from $TMP/multi/base.yaml:15, extended by" -- \
    run "$TMP/multi/top.yaml" "${quick[@]}" --out "$TMP/o1" --force "$opt" "$TMP/multi/sub/../cu.yaml"
  unchanged "$opt on the included file" "$TMP/multi/cu.yaml" "$TMP/multi/cu.copy"
done
cp "$TMP/multi/cu.yaml" "$TMP/multi/frag.csv"
sed -i 's/cu.yaml/frag.csv/' "$TMP/multi/base.yaml"
bad_opt "compare table on an included file" "--out: " "frag.csv" "is a file the platform reads" -- \
  compare "$TMP/multi/top.yaml" "$P" --duration 2us --set simulation.warmup=1us --force --out "$TMP/multi/frag"
unchanged "compare table on an included file" "$TMP/multi/frag.csv" "$TMP/multi/cu.copy"
cp "$P" "$TMP/plat.csv"
cp "$P" "$TMP/plat.copy"
bad_opt "compare table on a platform" "--out: " "plat.csv" "is the platform file" -- \
  compare "$P" "$TMP/plat.csv" --duration 2us --set simulation.warmup=1us --out "$TMP/plat"
unchanged "compare table on a platform" "$TMP/plat.csv" "$TMP/plat.copy"

# Two outputs on one file; empty names.
bad_opt "VCD and power log on one file" "--vcd: " "also the --power-log output" -- \
  run "$P" "${quick[@]}" --out "$TMP/o2" --vcd "$TMP/x" --power-log "$TMP/x"
bad_opt "report and link table on one file" "--link-csv: " "also the --report output" -- \
  run "$P" "${quick[@]}" --out "$TMP/o2" --report "$TMP/r.json" --link-csv "$TMP/sub/../r.json"
bad_opt "VCD named x.gtkw" "--vcd: " "also the --vcd output" -- \
  run "$P" "${quick[@]}" --out "$TMP/o2" --vcd "$TMP/x.gtkw"
CASES=$((CASES + 1))
[ ! -e "$TMP/x" ] && [ ! -e "$TMP/r.json" ] && [ ! -e "$TMP/o2" ] || fail "a refused run wrote outputs"
for opt in --out --report --vcd --power-log --link-csv; do
  bad_opt "empty $opt" "$opt: " "empty" -- run "$P" "${quick[@]}" "$opt" ''
done
bad_opt "empty compare --out" "--out: " "names no file" -- compare "$P" --duration 2us --out ''
bad_opt "compare --out a folder" "--out: " "names no file" -- compare "$P" --duration 2us --out "$TMP/"

# Someone else's file is replaced only with --force; an earlier run's is.
echo '{"mine": true}' > "$TMP/results.json"
cp "$TMP/results.json" "$TMP/results.copy"
bad_opt "report on a user's file" "--report: " "results.json" "not written by fabricvp" "--force" -- \
  run "$P" "${quick[@]}" --out "$TMP/o3" --report "$TMP/results.json"
unchanged "report on a user's file" "$TMP/results.json" "$TMP/results.copy"
bad_opt "compare on a user's results.json" "--out: " "results.json" "not written by fabricvp" -- \
  compare "$P" --duration 2us --set simulation.warmup=1us --out "$TMP/results"
unchanged "compare on a user's results.json" "$TMP/results.json" "$TMP/results.copy"
CASES=$((CASES + 1))
[ ! -e "$TMP/results.csv" ] || fail "a refused compare wrote results.csv"
ok_run "compare --force" compare "$P" --duration 2us --set simulation.warmup=1us \
  --out "$TMP/results" --force
grep -q '"fabricvp_compare": 1' "$TMP/results.json" || fail "compare --force did not replace"
ok_run "compare over its own results" compare "$P" --duration 2us --set simulation.warmup=1us \
  --out "$TMP/results"
ok_run "report --force" run "$P" "${quick[@]}" --out "$TMP/o3" --report "$TMP/user.csv" --force
for f in cli_test.power.csv cli_test.links.csv; do
  echo "my,own,table" > "$TMP/o3/$f"
  bad_opt "default $f over a user's file" "--out: " "$f" "not written by fabricvp" -- \
    run "$P" "${quick[@]}" --out "$TMP/o3"
  rm "$TMP/o3/$f"
done
ok_run "run over its own outputs" run "$P" "${quick[@]}" --out "$TMP/o3"
ok_run "run over its own outputs, twice" run "$P" "${quick[@]}" --out "$TMP/o3"

# The .gtkw: named from the VCD's file name; none for a device; a .gtkw
# fabricvp wrote is replaced, one the user edited is kept (with a note).
cd "$TMP"
mkdir -p a.b
ok_run "VCD in a dotted folder" run "$P" "${quick[@]}" --out "$TMP/o4" --vcd a.b/wave
ok_run "VCD as ./wave" run "$P" "${quick[@]}" --out "$TMP/o4" --vcd ./wave
cd - > /dev/null
CASES=$((CASES + 1))
[ -s "$TMP/a.b/wave.gtkw" ] || fail "--vcd a.b/wave: no a.b/wave.gtkw"
[ -s "$TMP/wave.gtkw" ] || fail "--vcd ./wave: no ./wave.gtkw"
[ ! -e "$TMP/a.gtkw" ] || fail "--vcd a.b/wave wrote ./a.gtkw"
[ ! -e "$TMP/.gtkw" ] || fail "--vcd ./wave wrote ./.gtkw"
if [ -w /dev ] && [ ! -e /dev/null.gtkw ]; then
  ok_run "VCD to /dev/null" run "$P" "${quick[@]}" --out "$TMP/o4" --vcd /dev/null
  CASES=$((CASES + 1))
  if [ -e /dev/null.gtkw ]; then
    fail "--vcd /dev/null wrote /dev/null.gtkw"
    rm -f /dev/null.gtkw
  fi
  [ -c /dev/null ] || fail "/dev/null is no longer a device"
fi
ok_run "VCD" run "$P" "${quick[@]}" --out "$TMP/o5" --vcd "$TMP/o5/mine.vcd"
grep -q 'cli_test.acc0' "$TMP/o5/mine.gtkw" || fail "the .gtkw lacks acc0"
ok_run "VCD again, fewer signals" run "$P" "${quick[@]}" --out "$TMP/o5" \
  --vcd "$TMP/o5/mine.vcd" --trace 'cli_test.sw0.*'
grep -q 'cli_test.acc0' "$TMP/o5/mine.gtkw" && fail "fabricvp's own .gtkw was not replaced"
printf '@28\ncli_test.acc0.port0_tx.link_busy\n' >> "$TMP/o5/mine.gtkw"
cp "$TMP/o5/mine.gtkw" "$TMP/mine.copy"
ok_run "VCD beside an edited .gtkw" run "$P" "${quick[@]}" --out "$TMP/o5" --vcd "$TMP/o5/mine.vcd"
unchanged "VCD beside an edited .gtkw" "$TMP/o5/mine.gtkw" "$TMP/mine.copy"
case $ERR in *"note: keeping $TMP/o5/mine.gtkw"*) ;; *) fail "no note on the kept .gtkw: $ERR" ;; esac
[ -s "$TMP/o5/mine.vcd" ] || fail "no VCD beside the kept .gtkw"
ok_run "VCD --force over an edited .gtkw" run "$P" "${quick[@]}" --out "$TMP/o5" \
  --vcd "$TMP/o5/mine.vcd" --force
cmp -s "$TMP/o5/mine.gtkw" "$TMP/mine.copy" && fail "--force kept the edited .gtkw"

# Folders: created inside --out, else an error naming the missing one.
bad_opt "report in a missing folder" "--report: " "folder $TMP/nowhere does not exist" -- \
  run "$P" "${quick[@]}" --out "$TMP/o6" --report "$TMP/nowhere/r.json"
CASES=$((CASES + 1))
[ ! -e "$TMP/nowhere" ] || fail "created a folder outside --out"
ok_run "deep --out" run "$P" "${quick[@]}" --out "$TMP/o6/deep/er" --report "$TMP/o6/deep/er/x/r.json"
[ -s "$TMP/o6/deep/er/cli_test.power.csv" ] && [ -s "$TMP/o6/deep/er/x/r.json" ] ||
  fail "outputs inside --out were not written"
bad_opt "a file where a folder should be" "--report: " "is not a folder" -- \
  run "$P" "${quick[@]}" --out "$TMP/o6" --report "$P/r.json"

finish
