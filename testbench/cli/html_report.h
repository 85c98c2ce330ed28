// The HTML report (`run --html FILE`, `compare --html FILE`): one
// self-contained page to attach to a design review. No script, no external
// style sheet, font or image: the style is inline and the charts
// (testbench/cli/review_charts.h) are inline SVG (their ids prefixed per
// chart, so the drawings do not share gnuplot's ids). It holds a summary,
// the charts, the tables (power by class, latency by component, links busiest first,
// collective operations; for compare the side-by-side table) and links to
// the run's other files (report, CSVs, VCD and .gtkw), relative to the
// page's folder. Every string a user chose (platform and file names,
// paths, link and job names) is HTML-escaped. The page's second line is its
// marker (traces/output_marker.h).
// Leaves out: charts gnuplot could not draw (the page says why), more than
// links_listed links (the link table has them all).
#pragma once

#include "testbench/cli/review_charts.h"
#include "traces/run_result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fabricvp {

// A file the page links to.
struct page_file {
  std::string label, path;
};

// One row of a side-by-side table: its label and one cell per platform.
struct table_row {
  std::string label;
  std::vector<std::string> cells;
};

constexpr std::size_t links_listed = 100;

// & < > " ' as entities.
std::string html_escape(const std::string &text);

// `path` as an href from the folder of `page_path` (relative, percent-encoded).
std::string link_from_page(const std::string &path, const std::string &page_path);

// A gnuplot SVG ready to sit inline in a page: from its <svg> element on,
// every id (and reference to one) prefixed with `id_prefix`.
std::string inline_svg(const std::string &svg, const std::string &id_prefix);

// The page of one run: `row` is its compare_row; `charts_note` says why
// charts are missing ("" when all were drawn).
std::string run_page(const run_result &r, const nlohmann::json &row,
                     const std::vector<chart> &charts, const std::string &charts_note,
                     const std::vector<page_file> &files, const std::string &page_path);

// The page of a comparison: its rows (compare_row), the table as printed.
std::string compare_page(const std::vector<nlohmann::json> &rows,
                         const std::vector<table_row> &table, const std::vector<chart> &charts,
                         const std::string &charts_note, const std::vector<page_file> &files,
                         const std::string &page_path);

} // namespace fabricvp
