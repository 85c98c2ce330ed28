#!/usr/bin/env bash
# The whole test suite (GoogleTest and the CLI tests) under AddressSanitizer
# and UndefinedBehaviorSanitizer: g++, -O1 -g, its own build folder
# (build-asan, or $1). Any sanitizer report fails the test that met it.
# CI runs it after the README's test command; a developer runs it the same
# way: ./scripts/ci_sanitizers.sh (needs what scripts/setup.sh installs).
# About 6 min of compile CPU and 6-7 min of tests on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-asan}
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DFABRICVP_SANITIZE=ON > "$build.log" 2>&1 || { cat "$build.log"; exit 1; }
if ! cmake --build "$build" -j "$jobs" >> "$build.log" 2>&1; then
  tail -50 "$build.log"
  exit 1
fi
echo "ci_sanitizers: built $build (log: $build.log)"

# Leak checking stays on: every leak it reports fails the test. Not
# detect_stack_use_after_return: its fake stack frames do not fit SystemC's
# thread (coroutine) stacks, and SC_THREADs crash in their first call.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export FABRICVP_CLI_TIMEOUT=${FABRICVP_CLI_TIMEOUT:-180} # the CLI tests' per-command limit
export FUZZ_VARIANTS=${FUZZ_VARIANTS:-48} # cli/fuzz.sh: fewer mutants than the release build's 120
ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 900
