#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang++, -fsanitize=fuzzer,address,
# undefined, in build-fuzz) and runs each for a bounded time on its corpus
# (fuzz/corpus/TARGET): every corpus input first (the regression of every
# earlier finding), then new mutations. A crash, sanitizer report, leak,
# timeout (-timeout, s per input), allocation over -malloc_limit_mb or
# fuzz finding (fuzz/fuzz_support.h) fails the script; the input is kept as
# build-fuzz/findings/TARGET-crash-*. New inputs go to a scratch folder, so
# the corpus in the repository is not changed.
#   ./scripts/ci_fuzz.sh                    every target for 30 s (CI)
#   FUZZ_SECONDS=3600 ./scripts/ci_fuzz.sh platform workload   longer, some targets
#   FUZZ_MERGE=1 ./scripts/ci_fuzz.sh ...   then fold what the run found into
#                                           fuzz/corpus/TARGET (-merge=1: only
#                                           inputs that add coverage)
#   FUZZ_SEED=N                             libFuzzer's random seed (default 1: CI
#                                           makes the same mutations each run)
#   ./scripts/ci_fuzz.sh --seed             rebuild fuzz/corpus from the shipped
#                                           files and fuzz/seeds
# A target by hand: build-fuzz/fuzz_platform -max_total_time=600 NEWDIR fuzz/corpus/platform
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-fuzz
seconds=${FUZZ_SECONDS:-30}
all_targets=(platform units expression set workload study preset)

# clang and its sanitizer and libFuzzer runtimes (only recommended by clang).
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci_fuzz: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DFABRICVP_FUZZ=ON > "$build.log" 2>&1 ||
  { cat "$build.log"; exit 1; }
if ! cmake --build "$build" -j "$jobs" >> "$build.log" 2>&1; then
  tail -50 "$build.log"
  exit 1
fi
echo "ci_fuzz: built $build (log: $build.log)"

seed=0
if [ "${1:-}" = "--seed" ]; then
  seed=1
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# The seeds of a target from the shipped files (before minimising).
seed_inputs() {
  local t=$1 dir=$2 k=0
  mkdir -p "$dir"
  case $t in
    platform) # the shipped platforms but the large ones (288 endpoints and more:
      # seconds per input under ASan; the mutation fuzz, cli/fuzz.sh, has them)
      for f in platforms/*.yaml platforms/bases/nvl72_copper_spine.yaml; do
        case $(basename "$f") in cluster* | optical_scaleup.yaml | nvl72_rack.yaml) continue ;; esac
        cp "$f" "$dir/"
      done ;;
    preset) cp platforms/presets/*.yaml "$dir"/ ;;
    workload) cp platforms/workloads/*.yaml "$dir"/ ;;
    study) cp platforms/studies/*.yaml "$dir"/ ;;
    units) # every number with a unit in the shipped files
      grep -rhoE '[-+]?[0-9][0-9.eE+-]* ?[A-Za-z%][A-Za-z/%]*' platforms | sort -u |
        while IFS= read -r v; do printf '%s' "$v" > "$dir/v$((k++))"; done ;;
    expression) # every name with an index expression, and the expressions alone
      grep -rhoE '"[^" ]*\{[^"]*\}[^" ]*"' platforms | tr -d '"' | sort -u |
        while IFS= read -r v; do printf '%s' "$v" > "$dir/n$((k++))"; done
      grep -rhoE '\{[^}{]*\}' platforms | tr -d '{}' | sort -u |
        while IFS= read -r v; do printf '%s' "$v" > "$dir/e$((k++))"; done ;;
    set) # the --set assignments of the README and the CLI tests, and the
      # set: entries and axes paths of the shipped files
      grep -rhoE -- "--set '?[^ ']+=[^ ']+'?" README.md testbench/tests/cli | sed -E "s/^--set '?//; s/'$//" | sort -u |
        while IFS= read -r v; do printf '%s\n' "$v" > "$dir/s$((k++))"; done ;;
  esac
  # Hand-written seeds for what the shipped files reach only in large
  # platforms (extends:, include:) or not at all.
  if [ -d "fuzz/seeds/$t" ]; then cp "fuzz/seeds/$t"/* "$dir/"; fi
}

summary=()
status=0
for t in "${targets[@]}"; do
  bin=$build/fuzz_$t
  corpus=fuzz/corpus/$t
  if [ "$seed" = 1 ]; then
    rm -rf "$build/seeds/$t" && seed_inputs "$t" "$build/seeds/$t"
    rm -rf "$corpus" && mkdir -p "$corpus"
    "$bin" -merge=1 "$corpus" "$build/seeds/$t" > "$build/$t.merge.log" 2>&1
    echo "ci_fuzz: $t: $(ls "$corpus" | wc -l) seeds in $corpus (of $(ls "$build/seeds/$t" | wc -l))"
    continue
  fi
  scratch=$build/new/$t
  rm -rf "$scratch" && mkdir -p "$scratch" "$build/findings"
  log=$build/$t.log
  echo "ci_fuzz: $t: $seconds s on $corpus"
  if "$bin" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -malloc_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/findings/$t-" "$scratch" "$corpus" > "$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    summary+=("$(printf '%-11s %10s runs %8s/s %6s new inputs' "$t" "$runs" "$rate" "$(ls "$scratch" | wc -l)")")
    if [ "${FUZZ_MERGE:-0}" = 1 ]; then
      "$bin" -merge=1 "$corpus" "$scratch" > "$build/$t.merge.log" 2>&1
    fi
  else
    status=1
    summary+=("$(printf '%-11s FAILED (log: %s)' "$t" "$log")")
    grep -v '^#\|^INFO\|^MERGE\|^Loaded\|^Running' "$log" | tail -40
  fi
done
[ "$seed" = 1 ] && exit 0
echo "ci_fuzz: results ($seconds s each)"
printf '  %s\n' "${summary[@]}"
[ "$status" = 0 ] && echo "ci_fuzz: ${#targets[@]} passed, 0 failed" ||
  echo "ci_fuzz: a target failed; its input is in $build/findings/"
exit "$status"
