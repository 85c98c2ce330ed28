// `fabricvp compare A.yaml B.yaml ...`: runs each platform under the same
// options (each in its own forked child, since SystemC elaborates once per
// process) and puts them side by side: power by class, optics watts per
// port, pJ/bit, front-panel rack units, per-hop link latency, worst link
// margins, lasers. Writes PREFIX.csv and PREFIX.json and, when gnuplot is on
// PATH, the charts of testbench/cli/review_charts.h as SVG and PNG:
// PREFIX.{svg,png} (power by class, stacked), PREFIX.port_watts.*,
// PREFIX.pj_per_bit.*, PREFIX.latency.*; with --html FILE, one page with the
// table and the charts (testbench/cli/html_report.h). Groups separated by
// `--` carry their own options.
#pragma once

#include "testbench/session/session.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace fabricvp {

// One platform's comparison row from its netlist and run result.
nlohmann::json compare_row(const netlist &n, const run_result &r);

// Runs every prepared platform (forked), each under its own options
// (`compare A.yaml --set x=1 -- A.yaml --set x=2`: runs[k] prepared nets[k]),
// prints the table to `out` and failed runs (a child killed, a run that
// failed) to `err`, writes the files (their names already checked:
// testbench/cli/output_rules.h), and the HTML page when `html_file` is not
// empty. A platform that appears more than once is labelled with its
// overrides. Returns 0, 1 when a run failed, or 128 + the signal when a
// stop signal ended the comparison (no files written).
int run_compare(const std::vector<netlist> &nets, const std::vector<run_options> &runs,
                const std::string &prefix, const std::string &html_file, std::ostream &out,
                std::ostream &err);

// compare's charts and where each goes: PREFIX for power_by_class (as
// before), PREFIX.NAME for the others (+ .svg and .png).
std::vector<std::string> compare_chart_names();
std::string compare_chart_stem(const std::string &prefix, const std::string &chart_name);

} // namespace fabricvp
