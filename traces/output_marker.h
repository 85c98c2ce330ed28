// How a later run recognises a file an earlier fabricvp run wrote, so that
// it may replace it without --force: each output carries a marker.
//   report (JSON)          top-level "fabricvp_report": 1
//   compare table (JSON)   top-level "fabricvp_compare": 1
//   power log, link table, compare table (CSV)   a first line "# fabricvp ..."
//   VCD                    "$comment fabricvp ... $end" in its header
//   .gtkw                  a first line "[*] fabricvp gtkw, content hash H":
//                          H is the hash of the rest, so a file edited since
//                          (by hand, or saved by GTKWave) is not ours any more
//   chart (SVG)            "<!-- fabricvp chart -->" after the XML line (a
//                          compare chart may carry "<!-- fabricvp compare chart -->")
//   chart (PNG)            a tEXt chunk "Comment" = "fabricvp chart" after IHDR
//   HTML report            "<!-- fabricvp report page -->" after <!DOCTYPE html>
// Files written before the markers existed are recognised by their first
// line (the CSVs' column header, the .gtkw's comment), the VCD's $version,
// the compare table's first two lines and the chart's gnuplot title.
// Leaves out: telling apart two fabricvp files of different kinds.
#pragma once

#include <string>

namespace fabricvp {

enum class output_kind {
  report,
  compare_json,
  reliability,
  power_log,
  link_table,
  compare_csv,
  vcd,
  gtkw,
  chart,
  chart_png,
  html
};

// The marker line (without its newline) a CSV output starts with, or the
// second line of an SVG chart or the HTML report.
std::string marker_line(output_kind kind);

// A PNG with the marker chunk inserted after its IHDR chunk (unchanged when
// it does not start as a PNG does).
std::string marked_png(const std::string &png);

// The VCD's header comment (with its newline).
std::string vcd_marker_comment();

// A .gtkw save file: the marker line with the body's hash, then the body.
std::string marked_gtkw(const std::string &body);

// True when `path` is a regular file an earlier run wrote as this kind of
// output and (for a .gtkw) nobody edited since. False when it is missing,
// unreadable or anything else.
bool written_by_fabricvp(const std::string &path, output_kind kind);

} // namespace fabricvp
