#!/usr/bin/env bash
# Mutation fuzzing with fixed seeds: delete random lines, truncate at random
# bytes, duplicate or swap lines, flip characters in valid platforms.
# `validate` must exit 0 or 2 (never a signal, a crash or another code) within
# the timeout, and a 2 must come with one `fabricvp: error:` line naming the file.
source "$(dirname "$0")/lib.bash" "$@"

RANDOM=20240601 # bash's generator: a fixed seed gives the same variants every run
sources=("$TMP/base.yaml" "$SRC"/platforms/*.yaml)
junk=(':' '-' '{' '}' '[' ']' ',' '"' "'" '#' ' ' '	' '*' '&' '!' '|' '>' '%' '@' '0' '9' 'x')
VARIANTS=${FUZZ_VARIANTS:-120}
exit_0=0
exit_2=0

for ((v = 0; v < VARIANTS; ++v)); do
  src=${sources[$((RANDOM % ${#sources[@]}))]}
  f=$TMP/fuzz_$v.yaml
  lines=$(wc -l < "$src")
  bytes=$(wc -c < "$src")
  case $((v % 6)) in
    0) # delete one line
      sed "$((RANDOM % lines + 1))d" "$src" > "$f" ;;
    1) # delete a few lines
      a=$((RANDOM % lines + 1)) b=$((RANDOM % lines + 1)) c=$((RANDOM % lines + 1))
      sed "${a}d;${b}d;${c}d" "$src" > "$f" ;;
    2) # truncate at a random byte
      head -c $(((RANDOM * 32768 + RANDOM) % bytes)) "$src" > "$f" ;;
    3) # duplicate a line
      sed "$((RANDOM % lines + 1))p" "$src" > "$f" ;;
    4) # swap two lines
      a=$((RANDOM % lines + 1)) b=$((RANDOM % lines + 1))
      awk -v a="$a" -v b="$b" '{l[NR] = $0} END {t = l[a]; l[a] = l[b]; l[b] = t; for (i = 1; i <= NR; ++i) print l[i]}' "$src" > "$f" ;;
    5) # replace one byte with YAML punctuation or junk
      pos=$(((RANDOM * 32768 + RANDOM) % bytes))
      ch=${junk[$((RANDOM % ${#junk[@]}))]}
      { head -c "$pos" "$src"; printf '%s' "$ch"; tail -c +$((pos + 2)) "$src"; } > "$f" ;;
  esac
  run_cli validate "$f"
  CASES=$((CASES + 1))
  case $RC in
    0) exit_0=$((exit_0 + 1)) ;;
    2)
      exit_2=$((exit_2 + 1))
      if [ "$(printf '%s\n' "$ERR" | grep -c .)" -ne 1 ]; then
        fail "variant $v ($(basename "$src")): expected one error line: $ERR"
      fi
      case $ERR in
        "fabricvp: error: $f"*) ;;
        *) fail "variant $v ($(basename "$src")): the error does not name the file: $ERR" ;;
      esac
      case $ERR in
        "fabricvp: error: $f:"[0-9]*) ;;
        *) fail "variant $v ($(basename "$src")): the error has no line number: $ERR" ;;
      esac ;;
    124) fail "variant $v ($(basename "$src")): timed out; input kept as $f" ;;
    *) fail "variant $v ($(basename "$src")): exit code $RC; stderr: $ERR" ;;
  esac
  if [ "$RC" -ne 0 ] && [ "$RC" -ne 2 ]; then
    mkdir -p "${FUZZ_KEEP:-/tmp}" && cp "$f" "${FUZZ_KEEP:-/tmp}/fabricvp-fuzz-failure-$v.yaml"
  fi
done
echo "fuzz: $VARIANTS variants, $exit_0 valid, $exit_2 rejected"
[ "$exit_2" -gt 0 ] || fail "no variant was rejected: the mutations do nothing"

finish
