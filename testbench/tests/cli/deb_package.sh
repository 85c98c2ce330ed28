#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` in the build folder makes
# fabricvp_VERSION_amd64.deb whose Depends name the runtime libraries (from
# dpkg-shlibdeps: libsystemc, libyaml-cpp, boost program_options, libstdc++)
# and whose Recommends name gnuplot and GTKWave; it holds the binary under
# /usr/bin and its data under /usr/share/fabricvp; unpacked anywhere, the
# binary runs the default platform from another folder on its own data.
# (scripts/deb_chroot_test.sh installs it into a fresh Debian 12 root.)
source "$(dirname "$0")/lib.bash" "$@"
build=$(dirname "$BIN")
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" > /dev/null || {
    echo "SKIP: $tool is missing (scripts/setup.sh installs dpkg-dev and cmake)"
    exit 77
  }
done
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
CASES=$((CASES + 1))
if ! (cd "$build" && cpack -G DEB -B "$TMP/pkg") > "$TMP/cpack.log" 2>&1; then
  fail "cpack: $(tail -20 "$TMP/cpack.log")"
  finish
fi
deb=$TMP/pkg/fabricvp_${version}_amd64.deb
[ -n "$version" ] && [ -f "$deb" ] || {
  fail "no $deb: $(ls "$TMP/pkg")"
  finish
}

field() { dpkg-deb -f "$deb" "$1"; }
CASES=$((CASES + 1))
[ "$(field Package)" = fabricvp ] && [ "$(field Version)" = "$version" ] &&
  [ "$(field Architecture)" = amd64 ] || fail "control: $(dpkg-deb -f "$deb")"
depends=$(field Depends)
for lib in libsystemc libyaml-cpp0.7 'libboost-program-options1.74.0' libstdc++6 libc6; do
  CASES=$((CASES + 1))
  case ", $depends," in *", $lib "* | *", $lib,"*) ;; *) fail "Depends lacks $lib: $depends" ;; esac
done
CASES=$((CASES + 1))
case $depends in *gnuplot* | *gtkwave* | *-dev*) fail "Depends holds what a run does not need: $depends" ;; esac
CASES=$((CASES + 1))
case $(field Recommends) in *gnuplot*gtkwave*) ;; *) fail "Recommends: $(field Recommends)" ;; esac

dpkg-deb -c "$deb" | awk '{ print $6 }' > "$TMP/contents"
for f in ./usr/bin/fabricvp ./usr/share/fabricvp/platforms/default.yaml \
  ./usr/share/fabricvp/platforms/presets/serdes.yaml ./usr/share/fabricvp/platforms/studies/ \
  ./usr/share/fabricvp/docs/architecture.md ./usr/share/fabricvp/README.md; do
  CASES=$((CASES + 1))
  grep -qxF "$f" "$TMP/contents" || fail "the package lacks $f"
done

# Unpacked (not installed): the binary finds /usr/share/fabricvp beside itself.
dpkg-deb -x "$deb" "$TMP/root"
mkdir -p "$TMP/elsewhere"
CASES=$((CASES + 1))
out=$(cd "$TMP/elsewhere" && env -u FABRICVP_ROOT "$TMP/root/usr/bin/fabricvp" run -q --out o 2>&1) ||
  fail "unpacked run: $out"
grep -q "\"file\": \"$TMP/root/usr/share/fabricvp/platforms/default.yaml\"" \
  "$TMP/elsewhere/o/default.report.json" 2> /dev/null || fail "unpacked run did not use the package's data"
finish
