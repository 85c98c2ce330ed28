#!/usr/bin/env bash
# The HTML reports (`run --html`, `compare --html`) in a real browser:
# headless Chromium from Debian parses each page (--dump-dom: the tables'
# rows, the inline SVG charts, a platform name full of HTML characters that
# stays text), screenshots it (--screenshot), and a harness page measures
# what was laid out: every chart and table has a size, the screenshot is not
# blank (it has the charts' colours), the chart PNGs (with their marker
# chunk) decode. Skipped (77) only where Chromium or gnuplot is missing.
source "$(dirname "$0")/lib.bash" "$@"
browser=$(command -v chromium || command -v chromium-browser) ||
  { echo "SKIP: Chromium is not installed (scripts/setup.sh installs Debian's chromium)"; exit 77; }
command -v gnuplot > /dev/null ||
  { echo "SKIP: gnuplot is not installed (scripts/setup.sh installs gnuplot-nox)"; exit 77; }

# chromium ARGS... URL: one headless run with a new empty profile; its stdout.
chromium_run() {
  local profile
  profile=$(mktemp -d "$TMP/profile.XXXXXX")
  timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2> "$TMP/chromium.stderr"
  local rc=$?
  rm -rf "$profile"
  return $rc
}

name='review <pair> & "co"'
write pair <<YAML
fabricvp: 1
name: '$name'
simulation: {duration: 20us, warmup: 1us}
components:
  - {name: "acc{i}", count: 4, type: accelerator_port, ports: 1}
  - {name: sw0, type: switch_asic, radix: 4}
links:
  cu:
    flow_control: credit
    serdes: {preset: serdes_112g_lr, lanes: 4}
    channel:
      - {segment: package}
      - {segment: cable, preset: twinax_26awg, length: 1m}
connections:
  - {for: {i: 0..3}, a: "acc{i}.port0", b: "sw0.port{i}", link: cu}
workload: {pattern: uniform_random, load: 0.3, size: 1KiB}
YAML
cd "$TMP"
run_cli run pair.yaml --out out --charts --html out/run.html -q
[ "$RC" -eq 0 ] || { echo "FAIL: run --html: exit $RC: $ERR" >&2; exit 1; }
run_cli compare pair.yaml "$SRC/platforms/switch51t_cpo.yaml" --duration 3us --out out/cmp \
  --html out/compare.html
[ "$RC" -eq 0 ] || { echo "FAIL: compare --html: exit $RC: $ERR" >&2; exit 1; }
url="file://$TMP/out"

# Parsed as a browser parses it: the name is text, never an element; the
# tables have their rows; five charts inline, each an <svg>.
dom=$(chromium_run --dump-dom "$url/run.html") || fail "chromium --dump-dom: $(tail -3 chromium.stderr)"
CASES=$((CASES + 1))
case $dom in *'<h1>fabricvp run: review &lt;pair&gt; &amp; "co"</h1>'*) ;;
  *) fail "run page: the title is not the escaped name: $(printf '%s\n' "$dom" | grep -m1 '<h1>')" ;; esac
case $dom in *'<pair>'*) fail "run page: the platform name became markup" ;; esac
svgs=$(printf '%s\n' "$dom" | grep -o '<svg' | wc -l)
CASES=$((CASES + 1))
[ "$svgs" -eq 5 ] || fail "run page: $svgs inline SVGs, expected 5"
links_rows=$(printf '%s\n' "$dom" | sed -n '/<table id="links-table">/,/<\/table>/p' | grep -o '<tr>' | wc -l)
CASES=$((CASES + 1))
[ "$links_rows" -eq 5 ] || fail "run page: links table has $links_rows rows, expected 1 + 4 links"

chromium_run --screenshot="$TMP/run.png" --window-size=1200,5000 "$url/run.html" > /dev/null ||
  fail "chromium --screenshot: $(tail -3 chromium.stderr)"
chromium_run --screenshot="$TMP/compare.png" --window-size=1200,4000 "$url/compare.html" > /dev/null ||
  fail "chromium --screenshot (compare): $(tail -3 chromium.stderr)"

# What the browser laid out, measured by a harness page (test-only script;
# the reports have none) that loads each page in a frame and each
# screenshot into a canvas.
cat > harness.html <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe id="run" src="out/run.html" style="width:1200px;height:5000px"></iframe>
<iframe id="compare" src="out/compare.html" style="width:1200px;height:4000px"></iframe>
<img id="run-shot" src="run.png"><img id="compare-shot" src="compare.png">
<img id="chart-png" src="out/cmp.latency.png">
<pre id="result">pending</pre>
<script>
window.addEventListener('load', function () {
  var out = [];
  ['run', 'compare'].forEach(function (id) {
    try {
      var d = document.getElementById(id).contentDocument;
      out.push(id + ' h1 ' + d.querySelector('h1').textContent);
      d.querySelectorAll('figure svg').forEach(function (s) {
        var r = s.getBoundingClientRect();
        out.push(id + ' chart ' + s.parentNode.id + ' ' + Math.round(r.width) + ' ' +
                 Math.round(r.height) + ' ' + s.querySelectorAll('text').length);
      });
      d.querySelectorAll('table').forEach(function (t) {
        var r = t.getBoundingClientRect();
        out.push(id + ' table ' + t.id + ' ' + t.rows.length + ' ' + Math.round(r.height));
      });
    } catch (e) { out.push(id + ' error ' + e); }
    try {
      var img = document.getElementById(id + '-shot');
      var c = document.createElement('canvas');
      c.width = img.naturalWidth; c.height = img.naturalHeight;
      var g = c.getContext('2d'); g.drawImage(img, 0, 0);
      var px = g.getImageData(0, 0, c.width, c.height).data, dark = 0, seen = {}, colours = 0;
      for (var i = 0; i < px.length; i += 4) {
        if (px[i] + px[i + 1] + px[i + 2] < 600) dark++;
        var k = px[i] + ',' + px[i + 1] + ',' + px[i + 2];
        if (!seen[k]) { seen[k] = 1; colours++; }
      }
      out.push(id + ' shot ' + c.width + ' ' + c.height + ' ' + dark + ' ' + colours);
    } catch (e) { out.push(id + ' shot error ' + e); }
  });
  var png = document.getElementById('chart-png');
  out.push('png ' + png.naturalWidth + ' ' + png.naturalHeight);
  document.getElementById('result').textContent = out.join('\n');
});
</script></body></html>
HTML
measured=$(chromium_run --allow-file-access-from-files --dump-dom "file://$TMP/harness.html" |
  sed -n '/<pre id="result">/,/<\/pre>/p' | sed 's/<[^>]*>//g')
CASES=$((CASES + 1))
printf '%s\n' "$measured" | grep -q ' error' && fail "harness: $(printf '%s\n' "$measured" | grep ' error')"
echo "$measured"

expect_line() { # WHAT AWK_CONDITION
  CASES=$((CASES + 1))
  printf '%s\n' "$measured" | awk "$2 { found = 1 } END { exit !found }" || fail "$1: $measured"
}
# The escaped name reads back as the name itself.
CASES=$((CASES + 1))
printf '%s\n' "$measured" | grep -qxF 'run h1 fabricvp run: review &lt;pair&gt; &amp; "co"' ||
  fail "run page h1 text is not the platform name"
for chart in port_watts pj_per_bit latency power_time link_heatmap; do
  expect_line "run chart $chart laid out" "\$1 == \"run\" && \$2 == \"chart\" && \$3 == \"chart-$chart\" && \$4 >= 600 && \$5 >= 300 && \$6 >= 10"
done
for chart in power_by_class port_watts pj_per_bit latency; do
  expect_line "compare chart $chart laid out" "\$1 == \"compare\" && \$3 == \"chart-$chart\" && \$4 >= 600 && \$5 >= 300 && \$6 >= 10"
done
expect_line "run summary table" '$1 == "run" && $3 == "summary-table" && $4 >= 12 && $5 > 100'
expect_line "run power table (3 classes + total)" '$1 == "run" && $3 == "power-table" && $4 == 5 && $5 > 50'
expect_line "run latency table" '$1 == "run" && $3 == "latency-table" && $4 == 9'
expect_line "run links table" '$1 == "run" && $3 == "links-table" && $4 == 5 && $5 > 50'
expect_line "compare table" '$1 == "compare" && $3 == "compare-table" && $4 >= 30 && $5 > 500'
expect_line "compare platforms table" '$1 == "compare" && $3 == "platforms-table" && $4 == 3'
# Not blank: thousands of dark pixels (text, bars) and the charts' colours.
expect_line "run screenshot not blank" '$1 == "run" && $2 == "shot" && $3 == 1200 && $5 > 20000 && $6 > 50'
expect_line "compare screenshot not blank" '$1 == "compare" && $2 == "shot" && $5 > 20000 && $6 > 50'
expect_line "chart PNG with its marker chunk decodes" '$1 == "png" && $2 == 900 && $3 == 500'

finish
