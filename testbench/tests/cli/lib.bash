# Shared helpers for the CLI tests (sourced, not a test itself: CMake only
# registers *.sh). Usage in a test: source "$(dirname "$0")/lib.bash" "$@".
#   $1  the fabricvp binary        $2  the source tree
set -u
BIN=${1:?usage: bash SCRIPT FABRICVP_BINARY SOURCE_DIR}
SRC=${2:?usage: bash SCRIPT FABRICVP_BINARY SOURCE_DIR}
BIN=$(realpath "$BIN") # tests may change folder
export FABRICVP_ROOT=$SRC
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fabricvp-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILS=0
CASES=0

fail() {
  echo "FAIL: $*" >&2
  FAILS=$((FAILS + 1))
}

# A small valid platform. Line numbers matter: the tests below edit it by line.
#  1 fabricvp      8 name: "acc{i}"     15 links         22 connections
#  3 simulation    9 count: 4           16 cu            23 for
#  4 duration     10 type               17 flow_control  24 a
#  5 warmup       11 ports              18 serdes        25 b
#  6 seed         12 name: sw0          19 channel       26 link
#  7 components   13 type               20 package       27 workload
#                 14 radix              21 cable         28-30 pattern/load/size
base_platform() {
  cat <<'YAML'
fabricvp: 1
name: cli_test
simulation:
  duration: 2us
  warmup: 1us
  seed: 7
components:
  - name: "acc{i}"
    count: 4
    type: accelerator_port
    ports: 1
  - name: sw0
    type: switch_asic
    radix: 4
links:
  cu:
    flow_control: credit
    serdes: {preset: serdes_112g_lr, lanes: 4}
    channel:
      - {segment: package}
      - {segment: cable, preset: twinax_26awg, length: 1m}
connections:
  - for: {i: 0..3}
    a: "acc{i}.port0"
    b: "sw0.port{i}"
    link: cu
workload:
  pattern: uniform_random
  load: 0.3
  size: 1KiB
YAML
}

# variant NAME SED_SCRIPT: $TMP/NAME.yaml = the base platform edited by sed.
variant() {
  base_platform | sed -e "$2" > "$TMP/$1.yaml"
}

# write NAME: $TMP/NAME.yaml = stdin.
write() {
  cat > "$TMP/$1.yaml"
}

# run_cli ARGS...: runs the binary with a timeout (20 s, or
# $FABRICVP_CLI_TIMEOUT for slow builds such as ASan's); sets RC, OUT, ERR.
run_cli() {
  timeout "${FABRICVP_CLI_TIMEOUT:-20}" "$BIN" "$@" > "$TMP/stdout" 2> "$TMP/stderr"
  RC=$?
  OUT=$(cat "$TMP/stdout")
  ERR=$(cat "$TMP/stderr")
}

# check_error WHAT NEEDLE...: the last run exited 2 with one line on stderr
# that contains every NEEDLE (fixed strings).
check_error() {
  local what=$1
  shift
  CASES=$((CASES + 1))
  if [ "$RC" -ne 2 ]; then
    fail "$what: exit code $RC, expected 2; stderr: $ERR"
    return
  fi
  local lines
  lines=$(printf '%s\n' "$ERR" | grep -c .)
  if [ "$lines" -ne 1 ]; then
    fail "$what: expected one line on stderr, got $lines: $ERR"
  fi
  local needle
  for needle in "$@"; do
    case $ERR in
      *"$needle"*) ;;
      *) fail "$what: stderr lacks '$needle': $ERR" ;;
    esac
  done
}

# bad_opt WHAT NEEDLE... -- CLI ARGS...: the command exits 2 with one line on
# stderr that contains every NEEDLE.
bad_opt() {
  local what=$1
  shift
  local needles=()
  while [ "$1" != "--" ]; do
    needles+=("$1")
    shift
  done
  shift
  run_cli "$@"
  check_error "$what" "${needles[@]}"
}

# expect_bad NAME LINE PATH [NEEDLE...] [-- CLI ARGS...]: validate $TMP/NAME.yaml
# fails with exit 2 and one message naming NAME.yaml:LINE, the PATH and every NEEDLE.
expect_bad() {
  local name=$1 line=$2 path=$3
  shift 3
  local needles=() args=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
      shift
      args=("$@")
      break
    fi
    needles+=("$1")
    shift
  done
  run_cli validate "$TMP/$name.yaml" ${args[@]+"${args[@]}"}
  check_error "$name" "$name.yaml:$line: " "$path" ${needles[@]+"${needles[@]}"}
  # The same input fails the same way under `run` (before any simulation).
  run_cli run "$TMP/$name.yaml" -q --out "$TMP/out" ${args[@]+"${args[@]}"}
  check_error "$name (run)" "$name.yaml:$line: " "$path"
}

finish() {
  if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS failure(s) in $CASES checks" >&2
    exit 1
  fi
  echo "ok: $CASES checks"
  exit 0
}

# Sanity: the base platform itself is fine (otherwise every case is moot).
base_platform > "$TMP/base.yaml"
run_cli validate "$TMP/base.yaml"
if [ "$RC" -ne 0 ]; then
  echo "FAIL: the base platform does not validate: $ERR" >&2
  exit 1
fi
