#!/usr/bin/env bash
# `run --charts`, `run --html`, `compare --html`: the design-review charts
# hold the numbers a closed-form run predicts (each SVG carries its data in a
# `fabricvp chart data` comment; testbench/cli/review_charts.h), empty power
# classes are left out, titles name platform, workload and load, the files
# follow the output rules (markers, no overwriting a user's file), and
# without gnuplot --charts is refused before the run while --html says why
# it has no charts. html_chromium.sh renders the pages in a browser.
source "$(dirname "$0")/lib.bash" "$@"
command -v gnuplot > /dev/null || { echo "SKIP: gnuplot is not installed (scripts/setup.sh installs gnuplot-nox)"; exit 77; }
command -v jq > /dev/null || { echo "SKIP: jq is not installed (scripts/setup.sh installs it)"; exit 77; }

# Two accelerators on one 400G link (as latency_test.cpp), one source at 1%
# load: every packet sees the zero-load latency, 20 + 82.32 + 135 + 30 ns:
# serialization (4096 + 20) x 8 / 400G = 82.32 ns; fixed = TX 20 + link
# (10 + 100 + 10 + 15) + RX 30 = 185 ns; no queueing.
write pair <<'YAML'
fabricvp: 1
name: review_pair
simulation: {duration: 200us, warmup: 0us}
links:
  l400:
    flow_control: credit
    framing_overhead: 20B
    cut_through_header: 64B
    serdes: {lanes: 4, lane_rate: 106.25Gbps, clock: 1GHz, tx_pipeline_cycles: 10,
             rx_pipeline_cycles: 15, fec: rs544_514, fec_latency: 100ns}
    channel:
      - {segment: cable, length: 2m, delay_per_length: 5ns/m}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1, clock: 1GHz,
     tx_pipeline_cycles: 20, rx_pipeline_cycles: 30}
connections:
  - {a: acc0.port0, b: acc1.port0, link: l400}
workload: {pattern: permutation, arrival: bernoulli, load: 0.01, sources: 1, size: 4KiB}
YAML

# chart_data FILE: the data comment of a chart SVG.
chart_data() { sed -n '/^<!-- fabricvp chart data/,/^-->$/p' "$1"; }
# near A B [TOL]: |A - B| <= TOL (default 1e-6 relative).
near() { awk -v a="$1" -v b="$2" -v t="${3:-1e-6}" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (b < 0 ? -b : b); exit !(d <= t * (m > 1 ? m : 1)) }'; }
check_near() {
  CASES=$((CASES + 1))
  near "$2" "$3" "${4:-1e-6}" || fail "$1: $2, expected $3"
}

cd "$TMP"
run_cli run pair.yaml --out out --charts --html out/page.html
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "run --charts: exit $RC: $ERR"
case $OUT in *"charts           out/review_pair.{port_watts,pj_per_bit,latency,power_time,link_heatmap}.{svg,png}"*) ;;
  *) fail "run --charts: summary lacks the charts line: $OUT" ;; esac
report=out/review_pair.report.json
for chart in port_watts pj_per_bit latency power_time link_heatmap; do
  for ext in svg png; do
    [ -s "out/review_pair.$chart.$ext" ] || fail "no out/review_pair.$chart.$ext"
  done
  CASES=$((CASES + 1))
  head -c 8 "out/review_pair.$chart.png" | od -An -c | grep -q 'P   N   G' || fail "$chart.png is not a PNG"
  head -c 80 "out/review_pair.$chart.png" | grep -qa 'fabricvp chart' || fail "$chart.png has no marker chunk"
  sed -n 2p "out/review_pair.$chart.svg" | grep -qx '<!-- fabricvp chart -->' || fail "$chart.svg has no marker"
  # The title's second line: platform, workload, load.
  grep -q '<text>review_pair: permutation, load 0.01</text>' "out/review_pair.$chart.svg" ||
    fail "$chart.svg: title does not name platform, workload and load"
done
[ ! -e out/review_pair.collective_timeline.svg ] || fail "a collective timeline without a collective"

# Latency by component: the closed form above, in ns.
lat=$(chart_data out/review_pair.latency.svg)
for want in '1 82.32 "82.32" "review_pair" "serialization"' '2 185 "185.00" "review_pair" "fixed"' \
  '3 0 "0.00" "review_pair" "queueing"'; do
  CASES=$((CASES + 1))
  printf '%s\n' "$lat" | grep -qxF "$want" || fail "latency chart lacks '$want': $lat"
done
samples=$(jq '.latency_ns.samples' "$report")
CASES=$((CASES + 1))
[ "$samples" -gt 20 ] || fail "only $samples latency samples"

# Watts per port end (one link: two ends) and pJ per delivered bit, by
# class, as the report's totals give them; classes this platform lacks
# (no optics, no switch) are not drawn.
bits=$(jq '.traffic.bytes_delivered * 8' "$report")
pw=$(chart_data out/review_pair.port_watts.svg)
pj=$(chart_data out/review_pair.pj_per_bit.svg)
for cls in serdes accelerator_io; do
  w=$(jq ".power.by_class.$cls / 2" "$report")
  e=$(jq ".power.energy_by_class_j.$cls" "$report")
  got=$(printf '%s\n' "$pw" | awk -v c="\"$cls\"" '$NF == c { print $2 }')
  check_near "W per port end of $cls" "$got" "$w"
  got=$(printf '%s\n' "$pj" | awk -v c="\"$cls\"" '$NF == c { print $2 }')
  check_near "pJ/bit of $cls" "$got" "$(awk -v e="$e" -v b="$bits" 'BEGIN { printf "%.12g", e / b * 1e12 }')"
done
CASES=$((CASES + 1))
printf '%s\n' "$pw" | grep -qx '# left out (no value or zero everywhere): retimer_dsp optical_engine laser switch_core' ||
  fail "port_watts: empty classes not listed as left out: $pw"
for cls in retimer_dsp optical_engine laser switch_core; do
  CASES=$((CASES + 1))
  ! grep -q "<title>$cls</title>" out/review_pair.port_watts.svg || fail "port_watts draws the empty class $cls"
done

# Link heat map: acc0 -> acc1 busy for every packet's serialization, the
# link table's utilisation; nothing flows back.
packets=$(jq '.traffic.packets_delivered' "$report")
sim=$(jq '.sim_time_s' "$report")
hm=$(chart_data out/review_pair.link_heatmap.svg)
got=$(printf '%s\n' "$hm" | awk '$1 == 0 && $2 == 1 { print $3 }')
check_near "heat map acc0 -> acc1" "$got" "$(awk -v n="$packets" -v s="$sim" 'BEGIN { printf "%.12g", n * 82.32e-9 / s * 100 }')"
csv=$(awk -F, '$4 == "acc0.port0" { print $6 * 100 }' out/review_pair.links.csv)
check_near "heat map against the link table" "$got" "$csv" 1e-5
got=$(printf '%s\n' "$hm" | awk '$1 == 1 && $2 == 0 { print $3 }')
check_near "heat map acc1 -> acc0" "$got" 0

# Power over time: the power log's class rows, interval by interval (the
# chart repeats the last value at the run's end, for its steps).
pt=$(chart_data out/review_pair.power_time.svg)
printf '%s\n' "$pt" | awk '/^# serdes/ { on = 1; next } /^#/ { on = 0 } on && NF == 2 { print $1, $2 }' > chart_serdes
awk -F, '$3 == "class" && $4 == "serdes" { print $1 * 1e6, $5 }' out/review_pair.power.csv > log_serdes
CASES=$((CASES + 1))
intervals=$(wc -l < log_serdes)
[ "$intervals" -ge 200 ] || fail "power log: only $intervals serdes rows"
[ "$(wc -l < chart_serdes)" -eq $((intervals + 1)) ] || fail "power_time: $(wc -l < chart_serdes) serdes points for $intervals intervals"
paste -d' ' log_serdes <(head -n "$intervals" chart_serdes) |
  awk '{ dt = $1 - $3; dw = $2 - $4; if (dt * dt > 1e-18 || dw * dw > 1e-14 * $2 * $2) { print; bad = 1 } } END { exit bad }' > mismatch ||
  fail "power_time differs from the power log: $(head -3 mismatch)"
CASES=$((CASES + 1))
[ "$(printf '%s\n' "$pt" | grep -c '^# ')" -ge 3 ] || fail "power_time: fewer than two classes and the total: $pt"

# The page: marker, sections, the five charts inline, links beside it.
page=out/page.html
CASES=$((CASES + 1))
sed -n 2p "$page" | grep -qx '<!-- fabricvp report page -->' || fail "page: no marker"
[ "$(grep -c '<figure id="chart-' "$page")" -eq 5 ] || fail "page: expected 5 charts inline"
grep -q '<script' "$page" && fail "page has a script"
for href in review_pair.report.json review_pair.power.csv review_pair.links.csv review_pair.latency.svg; do
  CASES=$((CASES + 1))
  grep -q "href=\"$href\"" "$page" || fail "page does not link $href"
done

# Again without --force: every chart and the page carry a marker, so a run
# replaces them; a file of the user's at a chart's name is refused.
run_cli run pair.yaml --out out --charts --html out/page.html -q
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "second run --charts: exit $RC: $ERR"
echo "my notes" > out/review_pair.latency.png
run_cli run pair.yaml --out out --charts -q
check_error "a user's file at a chart's name" "--charts" "review_pair.latency.png" "not written by fabricvp"
rm out/review_pair.latency.png
echo "my page" > mine.html
run_cli run pair.yaml --out out --html mine.html -q
check_error "a user's file at --html" "--html" "mine.html" "not written by fabricvp"
run_cli run pair.yaml --out out --html pair.yaml -q
check_error "--html on the platform file" "--html" "pair.yaml" "an output may not replace it"
run_cli run pair.yaml --out out --html '' -q
check_error "--html ''" "--html" "empty"
mkdir -p adir
run_cli run pair.yaml --out out --html adir -q
check_error "--html on a folder" "--html" "adir" "is a folder"
run_cli run pair.yaml --out out --html out/review_pair.report.json -q
check_error "--html on the report" "--html" "review_pair.report.json" "give each output its own file"
run_cli run pair.yaml --out out --html nowhere/page.html -q
check_error "--html in a missing folder outside --out" "--html" "nowhere" "does not exist"
run_cli compare pair.yaml --out cmp0/p --html cmp0/p.csv
check_error "compare --html on its table" "--html" "p.csv" "give each output its own file"
run_cli compare pair.yaml --html a.html -- pair.yaml --html b.html
check_error "compare --html twice" "--html" "give --html once"
run_cli compare pair.yaml --out cmp0/p --html ''
check_error "compare --html ''" "--html" "empty"

# Without gnuplot: --charts stops before the run; --html writes the page
# and says why it has no charts.
mkdir -p nognuplot
ln -s "$(command -v timeout)" nognuplot/timeout
ln -s "$(command -v cat)" nognuplot/cat
PATH="$TMP/nognuplot" run_cli run pair.yaml --out out2 --charts -q
check_error "--charts without gnuplot" "--charts" "gnuplot" "not on PATH"
[ ! -e out2/review_pair.report.json ] || fail "--charts without gnuplot ran anyway"
PATH="$TMP/nognuplot" run_cli run pair.yaml --out out2 --html out2/page.html -q
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "--html without gnuplot: exit $RC: $ERR"
grep -q 'Charts not drawn: gnuplot not on PATH' out2/page.html || fail "--html without gnuplot: no note"

# A collective: its operations on the timeline where the report has them.
run_cli run "$SRC/platforms/allreduce_switch8.yaml" --set workload.message_size=256KiB --out coll --charts -q
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "run --charts of a collective: exit $RC: $ERR"
tl=$(chart_data coll/allreduce_switch8.collective_timeline.svg)
start=$(jq '.collective.operations[0].start_s * 1e6' coll/allreduce_switch8.report.json)
end=$(jq '.collective.operations[0].end_s * 1e6' coll/allreduce_switch8.report.json)
row=$(printf '%s\n' "$tl" | grep -v '^#' | grep -m1 '"' | sed 's/"[^"]*"/Q/g') # x row dx dy Q start end Q Q
check_near "timeline start" "$(printf '%s\n' "$row" | awk '{ print $6 }')" "$start"
check_near "timeline end" "$(printf '%s\n' "$row" | awk '{ print $7 }')" "$end"

# compare: the same charts per platform, and the page with the table.
run_cli compare pair.yaml --set workload.load=0.01 -- pair.yaml --set workload.load=0.02 \
  --out cmp/pair --html cmp/pair.html
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "compare --html: exit $RC: $ERR"
for f in pair.svg pair.png pair.port_watts.svg pair.pj_per_bit.png pair.latency.svg pair.html; do
  [ -s "cmp/$f" ] || fail "compare: no cmp/$f"
done
lat=$(chart_data cmp/pair.latency.svg)
for want in '1 82.32 "82.32" "review_pair [workload.load=0.01]" "serialization"' \
  '5 82.32 "82.32" "review_pair [workload.load=0.02]" "serialization"'; do
  CASES=$((CASES + 1))
  printf '%s\n' "$lat" | grep -qxF "$want" || fail "compare latency chart lacks '$want': $lat"
done
CASES=$((CASES + 1))
grep -q '<text>review_pair \[workload.load=0.01\], review_pair \[workload.load=0.02\]: permutation, load 0.01; permutation, load 0.02</text>' cmp/pair.svg ||
  fail "compare chart title: $(grep -m3 '<text>' cmp/pair.svg)"
for href in pair.csv pair.json pair.svg pair.png pair.latency.svg; do
  CASES=$((CASES + 1))
  grep -q "href=\"$href\"" cmp/pair.html || fail "compare page does not link $href"
done
rows=$(grep -c '<tr><td>' cmp/pair.html)
CASES=$((CASES + 1))
[ "$rows" -ge 30 ] || fail "compare page: only $rows table rows"

finish
