#!/usr/bin/env bash
# Mutation fuzzing with fixed seeds, independent of the libFuzzer targets of
# fuzz/: the program itself on mutated inputs.
#   platform files   the shipped platforms (with platforms/bases beside them,
#                    so extends:/include: resolve), their bases and fragments,
#                    the tests' base platform
#   included files   a base or fragment mutated under the shipped file that
#                    extends or includes it
#   preset files     one preset file mutated in a copy of platforms/
#   workload files   on the tests' base platform and on the 4-rack cluster
#   study files      `sweep --plan` (every point checked, nothing run)
#   command lines    validate, run, compare, list and sweep, arguments
#                    deleted, repeated, swapped, replaced, cut or flipped
# Mutations: delete one or a few lines, truncate, duplicate or swap lines,
# replace a byte with YAML punctuation, replace a value with a hostile one.
# Every mutant must exit 0, 1 or 2 within the timeout (never a signal or
# another code), never print "internal error", stay under 4 GiB of peak
# memory (/usr/bin/time), and an exit 2 must print one line
# "fabricvp: error: ORIGIN: ..." whose ORIGIN is FILE:LINE for a file
# mutant and an option, command or FILE:LINE for a command line.
# FUZZ_VARIANTS sets how many (default 120, as ctest runs it);
# scripts/mutation_fuzz.sh runs 2,400. Failing inputs are kept in
# $FUZZ_KEEP (default /tmp/fabricvp-fuzz-failures).
source "$(dirname "$0")/lib.bash" "$@"
SRC=$(realpath "$SRC")
export FABRICVP_ROOT=$SRC
mkdir -p "$TMP/cwd" # a mutated command line may lose its --out: ./out lands here
cd "$TMP/cwd"

RANDOM=${FUZZ_SEED:-20240601} # bash's generator: a fixed seed gives the same mutants every run
VARIANTS=${FUZZ_VARIANTS:-120}
KEEP=${FUZZ_KEEP:-/tmp/fabricvp-fuzz-failures}
LIMIT_KB=$((4 * 1024 * 1024))
TIMEOUT=${FABRICVP_CLI_TIMEOUT:-60} # a hang; optical_scaleup.yaml takes 3 s on an idle machine
[ -x /usr/bin/time ] || { echo "fuzz: needs /usr/bin/time (package time)" >&2; exit 1; }

# The shipped platforms as seen from $FZ, with the base platform beside them.
FZ=$TMP/fz
mkdir -p "$FZ/studies" "$TMP/out"
for f in "$SRC"/platforms/*.yaml; do ln -s "$f" "$FZ/"; done
ln -s "$SRC/platforms/bases" "$FZ/bases"
cp "$TMP/base.yaml" "$FZ/base.yaml"
cat > "$FZ/jobs.yaml" <<'YAML'
fabricvp_workload: 1
jobs:
  - name: train
    ranks: 0..3
    iterations: 2
    steps:
      - {name: fwd, compute: 100ns}
      - {name: ar, op: all_reduce, size: 16KiB}
      - {name: ag, op: all_gather, size: 8KiB, ranks: [0, 1], after: [fwd]}
      - {name: opt, compute: 50ns, after: [ar, ag]}
  - name: infer
    ranks: "acc[23]"
    steps:
      - {name: a2a, op: all_to_all, size: 4KiB}
YAML
# A copy of platforms/ for the preset mutants.
mkdir -p "$TMP/root"
cp -r "$SRC/platforms" "$TMP/root/"

platform_sources=("$FZ/base.yaml" "$SRC"/platforms/*.yaml "$SRC"/platforms/bases/*.yaml)
preset_sources=("$SRC"/platforms/presets/*.yaml)
study_sources=("$SRC"/platforms/studies/*.yaml)
# Which shipped files reach each base or fragment.
included_tops=("bases/cluster_4rack.yaml:cluster_rail.yaml" "bases/nvl72_copper_spine.yaml:nvl72_rack.yaml"
               "cluster_pluggable.yaml:cluster_cpo.yaml")
junk=(':' '-' '{' '}' '[' ']' ',' '"' "'" '#' ' ' '	' '*' '&' '!' '|' '>' '%' '@' '0' '9' 'x' '.' '=')
hostile=('-1' '0' '-0.5' '1e308' '-1e308' 'nan' 'inf' '1e-300' '99999999999999999999' '4095B' '1e12B'
         '0B' '1ps' '0s' '-3us' '""' "''" '~' '[]' '{}' '*nope' '&a [*a]' '!!binary x' '"{i*99999999999}"'
         '"{i/0}"' '"x{"' '"acc{j}"' '../../etc/passwd' '/dev/zero' '.' 'sw0.port99' '2 us' '3dBm' '1 furlong'
         '"a.b.c"' '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]' '{from: 1, to: 0}' 'true' 'null')
exit_0=0
exit_1=0
exit_2=0
peak_max=0

# mutate SOURCE OUT: OUT = SOURCE with one mutation (chosen by $RANDOM).
mutate() {
  local src=$1 out=$2 lines bytes a b c pos ch
  lines=$(wc -l < "$src")
  bytes=$(wc -c < "$src")
  [ "$lines" -gt 0 ] || lines=1
  case $((RANDOM % 7)) in
    0) sed "$((RANDOM % lines + 1))d" "$src" > "$out" ;;
    1)
      a=$((RANDOM % lines + 1)) b=$((RANDOM % lines + 1)) c=$((RANDOM % lines + 1))
      sed "${a}d;${b}d;${c}d" "$src" > "$out" ;;
    2) head -c $(((RANDOM * 32768 + RANDOM) % bytes)) "$src" > "$out" ;;
    3) sed "$((RANDOM % lines + 1))p" "$src" > "$out" ;;
    4)
      a=$((RANDOM % lines + 1)) b=$((RANDOM % lines + 1))
      awk -v a="$a" -v b="$b" '{l[NR] = $0} END {t = l[a]; l[a] = l[b]; l[b] = t; for (i = 1; i <= NR; ++i) print l[i]}' "$src" > "$out" ;;
    5)
      pos=$(((RANDOM * 32768 + RANDOM) % bytes))
      ch=${junk[$((RANDOM % ${#junk[@]}))]}
      { head -c "$pos" "$src"; printf '%s' "$ch"; tail -c +$((pos + 2)) "$src"; } > "$out" ;;
    6) # the value after the K-th "key: " (K at random) becomes a hostile one
      local values k
      values=$(grep -c ': ' "$src")
      [ "$values" -gt 0 ] || values=1
      k=$((RANDOM % values + 1))
      HOSTILE=${hostile[$((RANDOM % ${#hostile[@]}))]} awk -v k="$k" '
        index($0, ": ") && ++n == k && !done {
          p = index($0, ": ")
          rest = substr($0, p + 2)
          q = index(rest, ",")
          r = index(rest, "}")
          cut = (q && (!r || q < r)) ? q : r
          print substr($0, 1, p + 1) ENVIRON["HOSTILE"] (cut ? substr(rest, cut) : "")
          done = 1
          next
        }
        {print}' "$src" > "$out" ;;
  esac
}

# timed ARGS...: runs the binary under /usr/bin/time and timeout; sets RC,
# ERR and PEAK_KB.
timed() {
  /usr/bin/time -f '%M' -o "$TMP/peak" timeout "$TIMEOUT" "$BIN" "$@" > /dev/null 2> "$TMP/stderr" < /dev/null
  RC=$?
  ERR=$(cat "$TMP/stderr")
  PEAK_KB=$(tail -n 1 "$TMP/peak")
  [[ $PEAK_KB =~ ^[0-9]+$ ]] || PEAK_KB=0
}

# judge LABEL KIND MUTANT...: the last run by the rules above; KIND is file
# (the error must name FILE:LINE) or cli (an origin); the MUTANT files are
# kept when it fails.
judge() {
  local label=$1 kind=$2 bad="" msg origin
  shift 2
  CASES=$((CASES + 1))
  [ "$PEAK_KB" -gt "$peak_max" ] && peak_max=$PEAK_KB
  [ "$PEAK_KB" -le "$LIMIT_KB" ] || bad="peak memory ${PEAK_KB} KiB"
  case $ERR in *"internal error"*) bad="an internal error" ;; esac
  case $RC in
    0) exit_0=$((exit_0 + 1)) ;;
    1) exit_1=$((exit_1 + 1)) ;;
    2)
      exit_2=$((exit_2 + 1))
      if [ "$kind" = cli ] && [[ $ERR == "fabricvp: unknown command '"* ]]; then
        : # the usage follows
      elif [ "$(printf '%s\n' "$ERR" | grep -c .)" -ne 1 ]; then
        bad="expected one error line"
      elif [[ $ERR != "fabricvp: error: "* ]]; then
        bad="not a fabricvp error line"
      else
        msg=${ERR#fabricvp: error: }
        origin=${msg%%: *}
        if [ "$origin" = "$msg" ] || [ -z "$origin" ]; then
          bad="the error names no origin"
        elif [ "$kind" = file ] && ! [[ $origin =~ :[1-9][0-9]*$ ]]; then
          bad="the error names no file and line"
        fi
      fi ;;
    124) bad="timed out after $TIMEOUT s" ;;
    *) bad="exit code $RC" ;;
  esac
  if [ -n "$bad" ]; then
    fail "$label: $bad; stderr: $(printf '%s' "$ERR" | head -c 600)"
    mkdir -p "$KEEP/$label"
    local m
    for m in "$@"; do [ -e "$m" ] && cp -r "$m" "$KEEP/$label/"; done
  fi
}

pick() { # ARRAY_NAME: one element at random
  local -n list=$1
  printf '%s' "${list[$((RANDOM % ${#list[@]}))]}"
}

# One mutated command line from a valid one: delete, repeat, swap, replace
# with a junk token, cut or flip a byte of an argument. The duration values
# are left alone (a mutated one may ask for a valid but long simulation).
cli_tokens=('' '-' '--' '=' 'x=' '--set' '--seed' '--out' '--force' '-q' '--vcd' '--trace' '--workload'
            '--report' '--print-resolved' '--help' '*' '..' '/' '/dev/null' '/dev/zero' "$FZ" "$FZ/base.yaml"
            "$FZ/jobs.yaml" 'acc*.ports=0' 'links.cu.serdes.lanes=99' 'workload.load=2' 'simulation.seed=-1'
            'links.cu.channel[9].length=1m' "$(printf 'a%.0s' {1..3000})" '-1' '1e400' 'nan' '0x10'
            'workload.pattern=all_reduce' 'sw0.radix=3' '--jobs' '--plan' '--point' '9999999999999999999999')
mutate_cli() {
  local -n args=$1
  local -n protected=$2
  local n=${#args[@]} i j t a
  i=$((RANDOM % (n - 1) + 1)) # never the command name (argument 0) but by case 6
  for a in "${protected[@]}"; do
    [ "$i" = "$a" ] && i=$((i - 1))
  done
  [ "$i" -ge 1 ] || i=1
  case $((RANDOM % 7)) in
    0) args=("${args[@]:0:i}" "${args[@]:i+1}") ;;
    1) args=("${args[@]:0:i+1}" "${args[@]:i}") ;;
    2)
      j=$((RANDOM % (n - 1) + 1))
      t=${args[i]} args[i]=${args[j]} args[j]=$t ;;
    3) args[i]=$(pick cli_tokens) ;;
    4) args=("${args[@]:0:i}" "$(pick cli_tokens)" "${args[@]:i}") ;;
    5)
      a=${args[i]}
      if [ ${#a} -gt 0 ]; then
        j=$((RANDOM % ${#a}))
        args[i]=${a:0:j}$(pick junk)${a:j+1}
      fi ;;
    6) a=${args[0]} args[0]=${a:0:$((RANDOM % (${#a} + 1)))}$(pick junk) ;;
  esac
}

for ((v = 0; v < VARIANTS; ++v)); do
  case $((v % 12)) in
    0 | 1 | 2 | 3 | 4) # a platform file
      src=$(pick platform_sources)
      f=$FZ/mutant_$v.yaml
      mutate "$src" "$f"
      timed validate "$f"
      judge "platform $v ($(basename "$src"))" file "$f"
      rm -f "$f" ;;
    5) # a base or fragment, mutated under the file that reaches it
      pair=$(pick included_tops)
      inner=${pair%%:*} top=${pair##*:}
      d=$TMP/inc_$v
      mkdir -p "$d/bases"
      cp "$SRC"/platforms/bases/*.yaml "$d/bases/"
      cp "$SRC/platforms/$top" "$SRC/platforms/cluster_pluggable.yaml" "$d/"
      mutate "$SRC/platforms/$inner" "$d/$inner"
      timed validate "$d/$top"
      judge "included $v ($inner under $top)" file "$d"
      rm -rf "$d" ;;
    6) # a preset file
      src=$(pick preset_sources)
      target=$TMP/root/platforms/presets/$(basename "$src")
      mutate "$src" "$target"
      FABRICVP_ROOT=$TMP/root timed validate "$FZ/base.yaml"
      judge "preset $v ($(basename "$src"))" file "$target"
      cp "$src" "$target" ;;
    7 | 8) # a workload file: mostly on the small base platform
      f=$FZ/mutant_$v.workload.yaml
      if [ $((RANDOM % 4)) -eq 0 ]; then
        mutate "$SRC/platforms/workloads/two_jobs_train_step.yaml" "$f"
        timed validate "$FZ/cluster_pluggable.yaml" --workload "$f"
      else
        mutate "$FZ/jobs.yaml" "$f"
        timed validate "$FZ/base.yaml" --workload "$f"
      fi
      judge "workload $v" file "$f"
      rm -f "$f" ;;
    9) # a study file
      src=$(pick study_sources)
      f=$FZ/studies/mutant_$v.yaml
      mutate "$src" "$f"
      timed sweep "$f" --plan --out "$TMP/out/sweep_$v"
      judge "study $v ($(basename "$src"))" file "$f"
      rm -rf "$f" "$TMP/out/sweep_$v" ;;
    10 | 11) # a command line
      o=$TMP/out/cli_$v
      case $((RANDOM % 7)) in
        0) cli=(validate "$FZ/base.yaml" --set workload.load=0.5 --seed 3 --set 'acc*.ports=1') prot=() ;;
        1) cli=(validate "$FZ/leaf_spine.yaml" --set links.dac_400g.serdes.lanes=2 --print-resolved) prot=() ;;
        2) cli=(run "$FZ/base.yaml" -q --duration 2us --set simulation.warmup=1us --out "$o" --report "$o/r.json"
                --vcd "$o/w.vcd" --trace 'acc0.*' --power-log-elements) prot=(4) ;;
        3) cli=(compare "$FZ/base.yaml" "$FZ/direct_pair.yaml" --duration 2us --set simulation.warmup=1us
                --out "$o/cmp") prot=(4) ;;
        4) cli=(list switch_asic --markdown) prot=() ;;
        5) cli=(validate "$FZ/base.yaml" --workload "$FZ/jobs.yaml" --duration 3us) prot=(5) ;;
        6) cli=(sweep "$SRC/platforms/studies/cpo_saving.yaml" --plan --out "$o/sweep" -q) prot=() ;;
      esac
      mutate_cli cli prot
      timed "${cli[@]}"
      printf '%q ' "$BIN" "${cli[@]}" > "$TMP/cli_$v.sh"
      judge "command line $v" cli "$TMP/cli_$v.sh"
      rm -rf "$o" "$TMP/cli_$v.sh" ;;
  esac
done
echo "fuzz: $VARIANTS mutants: exit 0: $exit_0, exit 1: $exit_1, exit 2: $exit_2; peak memory $((peak_max / 1024)) MiB"
[ "$exit_2" -gt 0 ] || fail "no mutant was rejected: the mutations do nothing"

finish
