#include "testbench/cli/compare.h"

#include "core/stop_request.h"
#include "testbench/cli/child_process.h"
#include "testbench/cli/html_report.h"
#include "testbench/cli/reliability_command.h"
#include "testbench/cli/review_charts.h"
#include "testbench/cli/run_program.h"
#include "testbench/cli/stop_signals.h"
#include "traces/output_file.h"
#include "traces/output_marker.h"
#include "traces/report_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>

namespace fabricvp {
namespace {

const std::vector<std::string> &classes() { return power_class::all(); }

// Runs one prepared platform in a forked child, which reduces its run_result
// to the comparison row; the row comes back as JSON text through a pipe.
nlohmann::json run_in_child(const netlist &n, const run_options &o) {
  const child_output out = run_in_child_process([&]() -> std::pair<std::string, int> {
    try {
      run_outcome r = run_simulation(n, o);
      nlohmann::json msg = {{"row", compare_row(n, r.result)},
                            {"exit_code", r.exit_code},
                            {"failure", r.failure},
                            {"interrupted", r.result.interrupted},
                            {"simulated_us", r.result.sim_time_s() * 1e6}};
      return {msg.dump(), r.exit_code};
    } catch (const std::exception &e) {
      return {nlohmann::json{{"exit_code", 1}, {"failure", e.what()}}.dump(), 1};
    }
  });
  if (out.term_signal != 0)
    return {{"exit_code", 1}, {"failure", "the run was " + killed_by_text(out.term_signal)}};
  if (out.text.empty())
    return {{"exit_code", 1},
            {"failure",
             "the run ended without a result (exit code " + std::to_string(out.exit_code) + ")"}};
  nlohmann::json result = nlohmann::json::parse(out.text);
  if (result.value("interrupted", false))
    result = {{"exit_code", 1},
              {"failure", "the run was interrupted at " +
                              std::to_string(result["simulated_us"].get<double>()) + " us"}};
  return result;
}

std::string csv_cell(const nlohmann::json &v) {
  if (v.is_null())
    return "";
  if (v.is_string())
    return "\"" + v.get<std::string>() + "\"";
  return v.dump();
}

// Mean fixed latency per link and the worst electrical and optical margins.
void link_columns(const run_result &r, nlohmann::json &row) {
  double latency = 0, worst_e = 1e300, worst_o = 1e300;
  bool any_optical = false;
  for (const link_result &l : r.links) {
    latency += l.fixed_latency_ps / 1e3;
    worst_e = std::min(worst_e, round_to(l.margin_db, 1e-9));
    if (l.optical) {
      any_optical = true;
      worst_o = std::min(worst_o, round_to(l.optical->margin_db, 1e-9));
    }
  }
  const std::size_t links = r.links.size();
  row["link_latency_ns"] = links ? latency / static_cast<double>(links) : 0.0;
  row["switch_latency_ns_mean"] = round_to(r.latency.mean_ps / 1e3, 1e-6);
  row["worst_electrical_margin_db"] = links ? nlohmann::json(worst_e) : nlohmann::json(nullptr);
  row["worst_optical_margin_db"] = any_optical ? nlohmann::json(worst_o) : nlohmann::json(nullptr);
}

// The first collective of the run, if any: time, busbw, energy per rank and
// busbw per kW drawn while it ran (its energy over its time).
void collective_columns(const run_result &r, nlohmann::json &row) {
  const nlohmann::json none(nullptr);
  const operation_report *op = r.collective ? r.collective->first_collective() : nullptr;
  row["collective"] =
      op ? nlohmann::json(op->kind + " " + op->algorithm + " x" + std::to_string(op->ranks)) : none;
  row["collective_time_us"] = op ? nlohmann::json(op->time_s() * 1e6) : none;
  row["collective_busbw_gbps"] = op ? nlohmann::json(op->busbw_gbps()) : none;
  row["collective_energy_j"] = op ? nlohmann::json(op->energy_j()) : none;
  row["collective_energy_mj_per_rank"] =
      op ? nlohmann::json(op->energy_j() / static_cast<double>(op->ranks) * 1e3) : none;
  row["collective_pj_per_bit_moved"] = op ? nlohmann::json(op->pj_per_bit_moved()) : none;
  const double op_w = op && op->time_s() > 0 ? op->energy_j() / op->time_s() : 0.0;
  row["collective_busbw_gbps_per_kw"] =
      op && op_w > 0
          ? nlohmann::json(op->busbw_gbps() * static_cast<double>(op->ranks) / op_w * 1e3)
          : none;
}

// What the design-review charts draw (testbench/cli/review_charts.h): the
// workload and its load for the titles, watts per port end and pJ per
// delivered bit by class, the mean latency by component.
void review_columns(const run_result &r, nlohmann::json &row) {
  const nlohmann::json none(nullptr);
  if (!r.traffic.workload_file.empty())
    row["workload"] =
        "workload file " + std::filesystem::path(r.traffic.workload_file).filename().string();
  else
    row["workload"] =
        row["collective"].is_string() ? row["collective"].get<std::string>() : r.traffic.pattern;
  row["load"] = r.collective ? none : nlohmann::json(r.traffic.offered_load);
  const double ends = 2.0 * static_cast<double>(r.links.size());
  const double bits = r.traffic.bytes_delivered * 8.0;
  nlohmann::json per_port = nlohmann::json::object(), per_bit = nlohmann::json::object();
  for (const auto &c : classes()) {
    const auto e = r.energy_by_class.find(c);
    const double joules = e == r.energy_by_class.end() ? 0.0 : e->second.energy_j;
    per_port[c] = ends > 0 ? nlohmann::json(r.class_power_w(c) / ends) : none;
    per_bit[c] = bits > 0 ? nlohmann::json(joules / bits * 1e12) : none;
  }
  row["w_per_port_end_by_class"] = per_port;
  row["pj_per_bit_by_class"] = per_bit;
  const latency_result &l = r.latency;
  row["latency_samples"] = l.samples;
  row["latency_ns_by_component"] =
      l.samples > 0
          ? nlohmann::json{{"serialization", round_to(l.mean_serialization_ps() / 1e3, 1e-6)},
                           {"fixed", round_to(l.mean_fixed_ps / 1e3, 1e-6)},
                           {"queueing", round_to(l.mean_queueing_ps / 1e3, 1e-6)}}
          : none;
}

// The rows of the side-by-side table: a label and how to read it from a row.
struct metric {
  std::string label;
  std::function<nlohmann::json(const nlohmann::json &)> get;
};

const std::vector<metric> &metrics() {
  static const std::vector<metric> all = [] {
    std::vector<metric> m;
    for (const auto &c : classes())
      m.push_back({c + " W", [c](const nlohmann::json &r) { return r["power_w_by_class"][c]; }});
    for (const auto &[label, key] : std::vector<std::pair<std::string, std::string>>{
             {"total W", "total_w"},
             {"optics W (dsp+engine+laser)", "optics_w"},
             {"optics W per port end", "optics_w_per_port"},
             {"I/O W per port end", "io_w_per_port"},
             {"pJ/bit delivered", "pj_per_bit"},
             {"throughput Gb/s", "throughput_gbps"},
             {"front-panel RU (switches)", "front_panel_ru"},
             {"link latency ns (per hop)", "link_latency_ns"},
             {"end-to-end latency ns mean", "switch_latency_ns_mean"},
             {"worst electrical margin dB", "worst_electrical_margin_db"},
             {"worst optical margin dB", "worst_optical_margin_db"},
             {"lasers", "lasers"},
             {"modules over cage limit", "modules_over_cage_limit"},
             {"packets dropped", "packets_dropped"},
             {"delivered Gb/s per W", "delivered_gbps_per_w"},
             {"collective", "collective"},
             {"collective time us", "collective_time_us"},
             {"collective busbw Gb/s", "collective_busbw_gbps"},
             {"collective busbw x ranks Gb/s per kW", "collective_busbw_gbps_per_kw"},
             {"collective energy J", "collective_energy_j"},
             {"collective energy mJ per rank", "collective_energy_mj_per_rank"},
             {"collective pJ/bit moved", "collective_pj_per_bit_moved"},
             {"failures per year", "failures_per_year"},
             {"link flaps per day", "link_flaps_per_day"},
             {"MTTR-weighted link-hours lost/yr", "link_hours_lost_per_year"},
             {"fabric MTBF h", "fabric_mtbf_h"},
             {"fabric availability", "fabric_availability"},
             {"training time lost %", "training_time_lost_pct"},
             {"reliability job", "reliability_job"}})
      m.push_back({label, [key = key](const nlohmann::json &r) { return r[key]; }});
    return m;
  }();
  return all;
}

// Cells: numbers of 1 or more with two decimals, smaller ones with four
// significant digits (0.01234 J, not 0.01), text as is, "-" for nothing.
std::string cell_text(const nlohmann::json &v) {
  std::ostringstream cell;
  if (v.is_number_float())
    cell << number_cell(v.get<double>());
  else if (v.is_null())
    cell << "-";
  else if (v.is_string())
    cell << v.get<std::string>();
  else
    cell << v.dump();
  return cell.str();
}

// The table as text: every metric, then the optics change against the first.
std::vector<table_row> comparison_table(const std::vector<nlohmann::json> &rows) {
  std::vector<table_row> table;
  for (const metric &m : metrics()) {
    table.push_back({m.label, {}});
    for (const auto &r : rows)
      table.back().cells.push_back(cell_text(m.get(r)));
  }
  const double base_optics = rows.front()["optics_w"].get<double>();
  table.push_back({"optics vs first", {}});
  for (const auto &r : rows) {
    std::ostringstream cell;
    if (base_optics > 0)
      cell << std::fixed << std::setprecision(1)
           << (r["optics_w"].get<double>() / base_optics - 1.0) * 100.0 << "%";
    else
      cell << "n/a"; // the first platform has no optics to compare with
    table.back().cells.push_back(cell.str());
  }
  return table;
}

} // namespace

nlohmann::json compare_row(const netlist &n, const run_result &r) {
  nlohmann::json row;
  row["platform"] = n.name;
  row["file"] = n.file;
  nlohmann::json by = nlohmann::json::object();
  for (const auto &c : classes())
    by[c] = r.class_power_w(c);
  row["power_w_by_class"] = by;
  row["total_w"] = r.average_power_w();
  const double optics =
      r.class_power_w("retimer_dsp") + r.class_power_w("optical_engine") + r.class_power_w("laser");
  const double ends = 2.0 * static_cast<double>(r.links.size());
  row["optics_w"] = optics;
  row["link_ends"] = ends;
  row["optics_w_per_port"] = ends > 0 ? optics / ends : 0.0;
  row["io_w_per_port"] = ends > 0 ? (optics + r.class_power_w("serdes")) / ends : 0.0;
  // Nothing delivered: no energy per bit (null, shown "-"), not 0.
  row["pj_per_bit"] = r.traffic.bytes_delivered > 0 ? nlohmann::json(r.pj_per_bit_delivered())
                                                    : nlohmann::json(nullptr);
  row["throughput_gbps"] = r.throughput_gbps();
  row["front_panel_ru"] = r.optics.switch_front_panel_ru;
  row["lasers"] = r.optics.laser_channels;
  row["modules_over_cage_limit"] = r.optics.modules_over_cage_limit;
  link_columns(r, row);
  row["packets_dropped"] = r.traffic.dropped;
  // Delivered throughput per watt: whatever the workload, what the system
  // moved end to end for the power it drew.
  const double sim_s = r.sim_time_s();
  const double delivered_gbps = sim_s > 0 ? r.traffic.bytes_delivered * 8.0 / sim_s / 1e9 : 0.0;
  const double total_w = r.average_power_w();
  row["delivered_gbps_per_w"] = total_w > 0 ? delivered_gbps / total_w : 0.0;
  collective_columns(r, row);
  reliability_columns(n, row);
  review_columns(r, row);
  return row;
}

// "name" or, when the platform is run more than once, "name [x=1 y=2]".
std::string row_label(const std::vector<netlist> &nets, std::size_t k, const run_options &o) {
  std::size_t same = 0;
  for (const netlist &n : nets)
    same += n.name == nets[k].name;
  if (same < 2)
    return nets[k].name;
  std::string label = nets[k].name + " [";
  for (std::size_t i = 0; i < o.overrides.size(); ++i)
    label += (i ? " " : "") + o.overrides[i];
  if (o.seed)
    label += std::string(o.overrides.empty() ? "" : " ") + "seed=" + std::to_string(*o.seed);
  return label + "]";
}

int run_compare(const std::vector<netlist> &nets, const std::vector<run_options> &runs,
                const std::string &prefix, const std::string &html_file, std::ostream &out,
                std::ostream &err) {
  int code = 0;
  std::vector<nlohmann::json> rows;
  for (std::size_t k = 0; k < nets.size() && !stop_requested(); ++k) {
    run_options o = runs[k];
    o.platform_file = nets[k].file;
    o.quiet = true;
    nlohmann::json result = run_in_child(nets[k], o);
    if (stop_requested()) {
      err << "fabricvp compare: interrupted by " << signal_name(stop_signal()) << " while running "
          << nets[k].file << "; no table written\n";
      break;
    }
    if (result.contains("row"))
      result["row"]["platform"] = row_label(nets, k, o);
    if (result["exit_code"].get<int>() != 0 || !result.contains("row")) {
      err << "fabricvp compare: " << nets[k].file
          << ": run failed: " << result["failure"].get<std::string>() << "\n";
      code = 1;
      if (!result.contains("row"))
        continue;
    }
    rows.push_back(result["row"]);
  }
  if (stop_requested())
    return exit_code_for_signal(stop_signal());
  if (rows.empty())
    return 1;

  const std::vector<table_row> table = comparison_table(rows);
  const int w0 = 38;
  int w = 18;
  for (const auto &r : rows)
    w = std::max(w, static_cast<int>(r["platform"].get<std::string>().size()) + 2);
  for (const table_row &t : table)
    for (const std::string &cell : t.cells)
      w = std::max(w, static_cast<int>(cell.size()) + 2);
  out << std::left << std::setw(w0) << "fabricvp compare";
  for (const auto &r : rows)
    out << std::right << std::setw(w) << r["platform"].get<std::string>();
  out << "\n";
  for (const table_row &t : table) {
    out << std::left << std::setw(w0) << t.label;
    for (const std::string &cell : t.cells)
      out << std::right << std::setw(w) << cell;
    out << "\n";
  }

  write_output_file(prefix + ".json", "the comparison table",
                    nlohmann::json{{"fabricvp_compare", 1}, {"platforms", rows}}.dump(2) + "\n");
  std::ostringstream csv;
  csv << marker_line(output_kind::compare_csv) << "\nmetric";
  for (const auto &r : rows)
    csv << "," << csv_cell(r["platform"]);
  csv << "\n";
  for (const auto &m : metrics()) {
    csv << "\"" << m.label << "\"";
    for (const auto &r : rows)
      csv << "," << csv_cell(m.get(r));
    csv << "\n";
  }
  write_output_file(prefix + ".csv", "the comparison table", csv.str());
  out << "  table            " << prefix << ".csv, " << prefix << ".json\n";

  std::vector<chart> charts = comparison_charts(rows);
  const std::string not_drawn = draw_charts(charts);
  std::vector<std::string> written;
  std::vector<page_file> files = {{"comparison table (CSV)", prefix + ".csv"},
                                  {"comparison table (JSON)", prefix + ".json"}};
  for (const chart &c : charts)
    if (!c.svg.empty()) {
      const std::string stem = compare_chart_stem(prefix, c.name);
      write_chart_files(c, stem);
      written.push_back(stem + ".{svg,png}");
      for (const std::string &f : chart_files(stem))
        files.push_back({c.what, f});
    }
  out << "  charts           ";
  for (std::size_t i = 0; i < written.size(); ++i)
    out << (i ? ", " : "") << written[i];
  out << (not_drawn.empty()
              ? ""
              : (written.empty() ? "skipped (" : "; then stopped (") + not_drawn + ")")
      << "\n";
  if (!html_file.empty()) {
    write_output_file(html_file, "the HTML report",
                      compare_page(rows, table, charts, not_drawn, files, html_file));
    out << "  HTML report      " << html_file << "\n";
  }
  return code;
}

std::string compare_chart_stem(const std::string &prefix, const std::string &chart_name) {
  return chart_name == "power_by_class" ? prefix : prefix + "." + chart_name;
}

std::vector<std::string> compare_chart_names() {
  return {"power_by_class", "port_watts", "pj_per_bit", "latency"};
}

} // namespace fabricvp
