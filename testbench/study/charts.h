// The study's `charts:` as gnuplot line charts (SVG, and PNG when gnuplot
// has the pngcairo terminal): y (a metric's mean over repetitions, 95% CI
// error bars) against x (an axis), one series per value of the series axis
// (and of any other axis that varies), title naming the platforms and the
// workload. Data and script are kept beside the image (OUT/charts/NAME.dat,
// .gp). gnuplot runs as a child process with an argument vector (no shell).
// Marks: a margin metric (y ending in margin_db) gets the budget line (0 dB);
// a chart against workload.load, in a study that measures throughput_gbps,
// gets a dashed line per series at its saturation load (saturation_load).
// Leaves out: log axes chosen by hand (a geometric axis gets a log x scale).
#pragma once

#include "testbench/study/tables.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fabricvp {

// Writes every chart; returns the images written (none without gnuplot).
std::vector<std::string> write_charts(const sweep_collection &c, const std::string &out);

// The last offered load at which delivered throughput still tracks it:
// throughput / load at least 90% of its value at the lowest load; nothing
// when every point tracks. `points` are (load, throughput) in load order.
std::optional<std::pair<double, double>>
saturation_load(const std::vector<std::pair<double, double>> &points);

// A string as a gnuplot single-quoted literal, quotes included: inside one
// only a doubled quote means a quote, so no text (a file or platform name)
// can end the string and add commands; a line break becomes a space.
std::string gnuplot_quoted(const std::string &text);

} // namespace fabricvp
