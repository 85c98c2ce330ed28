#!/usr/bin/env bash
# The Debian package in a fresh Debian 12 (bookworm) root: builds
# fabricvp_VERSION_amd64.deb with cpack from BUILD (default ./build), makes a
# minimal bookworm root with mmdebstrap from the Debian archive this machine's
# apt uses, installing the package there with apt (so its Depends must pull
# every library a run needs), then inside the root (chroot, own mount and PID
# namespace with its own /proc):
#   1. runs the default platform from a user's folder: exit 0, on the
#      installed data (/usr/share/fabricvp);
#   2. a platform with the user's own preset file (an edited copy of the
#      shipped serdes_224g_lr: loss budget 40 -> 43 dB) moves the report's
#      link margin by exactly +3 dB.
# Everything lives in one temp folder, removed at the end; nothing is cached.
# Exit 77 (skipped, with the reason) only where it cannot run: not root, or
# the archive cannot be reached. Usage: scripts/deb_chroot_test.sh [BUILD]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
started=$(date +%s)
passed=0 failed=0
say() { echo "deb_chroot: $*"; }
summary() { echo "deb_chroot: $passed passed, $failed failed$1"; }
skip() {
  say "SKIP: $*"
  summary ", 1 skipped"
  exit 77
}
check() { # WHAT CONDITION...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    say "FAIL: $what"
  fi
}

[ "$(id -u)" -eq 0 ] || skip "needs root (mmdebstrap's root mode and chroot)"
for tool in mmdebstrap cpack unshare jq; do
  command -v "$tool" > /dev/null || {
    say "FAIL: $tool is missing (scripts/setup.sh installs it)"
    exit 1
  }
done
[ -f "$build/CMakeCache.txt" ] || {
  say "FAIL: no build in $build (run scripts/setup.sh)"
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/fabricvp-deb.XXXXXX")
root=$work/root
cleanup() {
  # The namespaces take their /proc with them; this is for an interrupted run.
  for m in proc sys dev/pts dev; do
    mountpoint -q "$root/$m" 2> /dev/null && umount -l "$root/$m"
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# 1. The package.
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
deb=$work/pkg/fabricvp_${version}_amd64.deb
if ! (cd "$build" && cpack -G DEB -B "$work/pkg") > "$work/cpack.log" 2>&1 || [ ! -f "$deb" ]; then
  tail -20 "$work/cpack.log"
  say "FAIL: cpack made no $deb"
  exit 1
fi
say "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB): Depends: $(dpkg-deb -f "$deb" Depends)"

# 2. A fresh bookworm root from the archive this machine's apt uses.
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2> /dev/null |
  awk '$2 !~ /-(security|updates|backports)$/ { print $1; exit }')
[ -n "$mirror" ] || mirror=$(apt-get indextargets --format '$(REPO_URI)' 2> /dev/null | head -1)
[ -n "$mirror" ] || skip "this machine's apt names no Debian archive (run apt-get update)"
t0=$(date +%s)
# The package is copied in and installed by apt inside the new root, which
# fetches its Depends from the archive (mmdebstrap mounts and unmounts what
# the hooks need).
if ! mmdebstrap --variant=apt --mode=root \
  --customize-hook="copy-in $deb /tmp" \
  --customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/$(basename "$deb")" \
  bookworm "$root" "deb $mirror bookworm main" > "$work/mmdebstrap.log" 2>&1; then
  if grep -qiE "failed to fetch|could not resolve|temporary failure|could not connect|unable to connect|connection (timed out|refused)|network is unreachable" "$work/mmdebstrap.log"; then
    skip "the Debian archive ($mirror) cannot be reached: $(grep -iE -m1 'fetch|resolv|connect' "$work/mmdebstrap.log")"
  fi
  tail -30 "$work/mmdebstrap.log"
  say "FAIL: mmdebstrap"
  exit 1
fi
say "bookworm root with the package installed in $(($(date +%s) - t0)) s ($(du -sm "$root" | cut -f1) MiB)"

in_root() { # COMMAND...: run in the root, with its own /proc (gone when it exits)
  unshare --mount --pid --fork --mount-proc="$root/proc" chroot "$root" "$@"
}
as_user() { # COMMAND: the same as an unprivileged user (nobody), in the user's folder
  unshare --mount --pid --fork --mount-proc="$root/proc" \
    chroot --userspec=65534:65534 "$root" sh -c "cd $home && $1"
}
installed() { [ "$(in_root dpkg-query -W -f='${Status}' "$1" 2> /dev/null)" = "install ok installed" ]; }
check "the package is installed" installed fabricvp
check "apt pulled libsystemc in through Depends" installed libsystemc
check "/etc/debian_version is 12.x" grep -q '^12\.' "$root/etc/debian_version"

# 3. The default platform from a user's folder.
home=/home/user/work
mkdir -p "$root$home"
chown 65534:65534 "$root$home"
if as_user "fabricvp run -q --out shipped" > "$work/run.log" 2>&1; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  say "FAIL: fabricvp run in the root: $(tail -5 "$work/run.log")"
fi
shipped=$root$home/shipped/default.report.json
check "the run used the installed default platform" \
  grep -q '"file": "/usr/share/fabricvp/platforms/default.yaml"' "$shipped"

# 4. An edited preset in the user's own preset file (written from here, into
# the user's folder in the root; the run is inside).
shipped_presets=$root/usr/share/fabricvp/platforms/presets/serdes.yaml
{
  printf 'presets:\n  serdes_224g_lr:\n    type: serdes_phy\n    params:\n'
  sed -n '/^  serdes_224g_lr:/,/^  [a-z]/p' "$shipped_presets" | grep '^      ' |
    sed -E 's/(loss_budget: *\{ *value: *)40dB/\143dB/'
} > "$root$home/my_presets.yaml"
check "the edited copy says 43 dB" grep -q 'loss_budget: {value: 43dB' "$root$home/my_presets.yaml"
sed 's/^fabricvp: 1$/fabricvp: 1\npresets: [my_presets.yaml]/' \
  "$root/usr/share/fabricvp/platforms/default.yaml" > "$root$home/mine.yaml"
as_user "fabricvp run -q mine.yaml --out own" > "$work/own.log" 2>&1 ||
  say "own-preset run: $(tail -5 "$work/own.log")"
own=$root$home/own/default.report.json
margin() { jq '.links[0].margin_db' "$1" 2> /dev/null; }
delta=$(awk -v a="$(margin "$shipped")" -v b="$(margin "$own")" 'BEGIN { printf "%.6f", b - a }')
check "the user's edited preset moves the margin by +3 dB (got $delta)" \
  awk -v d="$delta" 'BEGIN { exit !(d > 2.999999 && d < 3.000001) }'

say "took $(($(date +%s) - started)) s"
summary ""
[ "$failed" -eq 0 ]
