// The charts of a design review, drawn by gnuplot as SVG and PNG, each
// titled with what it shows and, on a second line, the platform(s), the
// workload and its load:
//   power_by_class  system watts by power class, stacked per platform (compare)
//   port_watts      watts per port end by component (power class), per platform
//   pj_per_bit      energy per delivered bit by component, per platform
//   latency         mean packet latency by component: serialization, fixed,
//                   queueing (traces/run_result.h latency_result), per platform
//   power_time      power by class over time, from the run's power log
//   link_heatmap    utilisation of every link direction, node x node (the link
//                   table's rows; parallel links between two nodes averaged)
//   collective_timeline  the operations of every job over time (a collective
//                   or a workload file), one row per job and overlap
// Bars carry their values; a power class that is zero everywhere is left
// out (and off the legend). Every chart's numbers are its data block, which
// the SVG also carries in a comment (`<!-- fabricvp chart data ...`), so a
// reader (or a test) can check the values without parsing the drawing.
// gnuplot runs from an argument vector (testbench/cli/run_program.h), its
// script and drawings in a private temporary folder; the files a user gets
// are written through traces/output_file.h with their markers (the SVG a
// comment after its XML line, the PNG a tEXt chunk: output_marker.h).
// Leaves out: interactive charts, a chart per link or per element.
#pragma once

#include "testbench/session/prepare.h"
#include "traces/run_result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fabricvp {

struct chart {
  std::string name;     // "port_watts"
  std::string what;     // first title line: "watts per port end by component"
  std::string subject;  // second title line: platform(s), workload, load
  std::string data;     // the data block: text columns, '#' lines name them
  std::string plot;     // gnuplot commands drawing $data (after the title)
  std::string svg, png; // the drawings, once draw_charts ran
};

// A number as a bar's label or a table's cell: two decimals from 1 up (and
// for 0), four significant digits below 1 (0.01234, not 0.01).
std::string number_cell(double v);

// The second title line of rows (compare_row): "a, b: uniform_random, load 0.5".
std::string chart_subject(const std::vector<nlohmann::json> &rows);

// compare's charts: power_by_class, port_watts, pj_per_bit, latency.
std::vector<chart> comparison_charts(const std::vector<nlohmann::json> &rows);

// One run's charts: port_watts, pj_per_bit, latency (its row), power_time
// (read from the power log it wrote, `power_log_file`), link_heatmap and,
// when a collective or workload file ran, collective_timeline.
std::vector<chart> run_charts(const run_result &r, const nlohmann::json &row,
                              const std::string &power_log_file);

// The names run_charts will give, known before the run (for the output plan).
std::vector<std::string> run_chart_names(const netlist &n);

// Power by class from a power log file (its `class` rows), for power_time.
struct power_series {
  std::vector<double> start_s;                                    // interval starts
  double end_s = 0.0;                                             // the last interval's end
  std::vector<std::pair<std::string, std::vector<double>>> watts; // per class
};
power_series read_power_log(const std::string &path);

// Draws every chart (SVG and PNG) with gnuplot. Returns "" when all were
// drawn, else why not ("gnuplot not on PATH", "gnuplot exited with 1 on
// latency"); the charts drawn keep their drawings.
std::string draw_charts(std::vector<chart> &charts);

// True when gnuplot can be started (`gnuplot --version`).
bool gnuplot_available();

// The files of a drawn chart: STEM.svg and STEM.png.
std::vector<std::string> chart_files(const std::string &stem);
void write_chart_files(const chart &c, const std::string &stem);

// The SVG as written: the XML line, the marker, the data comment, the rest.
std::string marked_chart_svg(const chart &c);

} // namespace fabricvp
