#!/usr/bin/env bash
# Installs what fabricvp needs from Debian's archive (only what is missing),
# then configures and builds it in ./build. Safe to run again: it does nothing
# that is already done. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libsystemc-dev libboost-program-options-dev libgtest-dev
          libyaml-cpp-dev nlohmann-json3-dev gnuplot-nox gtkwave
          jq parallel slurm-wlm munge time # jq, parallel, slurm-wlm, munge: the sweep tests; time: cli/fuzz.sh
          dpkg-dev mmdebstrap # the Debian package (cpack's dpkg-shlibdeps) and its chroot test
          chromium # the HTML report's test renders it headless (about 80 MB, 45 s to install)
          )
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > build.log 2>&1 || { cat build.log; exit 1; }
jobs=$(nproc 2>/dev/null || echo 2)
if ! cmake --build build -j "$jobs" >> build.log 2>&1; then
  tail -50 build.log
  exit 1
fi
echo "setup: built build/fabricvp (log: build.log)"
