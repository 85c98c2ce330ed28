#include "testbench/cli/compare.h"

#include "core/stop_request.h"
#include "testbench/cli/child_process.h"
#include "testbench/cli/reliability_command.h"
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

const std::vector<std::string> &classes() {
  static const std::vector<std::string> c = {"serdes", "retimer_dsp", "optical_engine",
                                             "laser",  "switch_core", "accelerator_io"};
  return c;
}

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

// A string as a gnuplot single-quoted literal: inside one, only a doubled
// quote means a quote, so no file name can end the string and add commands.
std::string gnuplot_quoted(const std::string &text) {
  std::string q = "'";
  for (char c : text)
    q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

// A platform name as one double-quoted column of gnuplot data.
std::string gnuplot_label(const std::string &name) {
  std::string label = "\"";
  for (char c : name)
    label += c == '"' || c == '\n' || c == '\r' ? '_' : c;
  return label + "\"";
}

// The gnuplot script of the power-by-class chart, its data inline.
std::string chart_script(const std::vector<nlohmann::json> &rows, const std::string &svg) {
  std::ostringstream gp;
  gp << "$power << EOD\nplatform";
  for (const auto &c : classes())
    gp << " " << c;
  gp << "\n";
  for (const auto &r : rows) {
    gp << gnuplot_label(r["platform"].get<std::string>());
    for (const auto &c : classes())
      gp << " " << r["power_w_by_class"][c].get<double>();
    gp << "\n";
  }
  gp << "EOD\nset terminal svg size 900,500 noenhanced\nset output " << gnuplot_quoted(svg)
     << "\nset title 'power by class'\nset ylabel 'W'\nset style data histograms\n"
     << "set style histogram rowstacked\nset style fill solid 0.8 border -1\n"
     << "set key outside right\nset xtics rotate by -30\n"
     << "plot for [c=2:" << classes().size() + 1
     << "] $power using c:xtic(1) title columnheader(c)\n";
  return gp.str();
}

// A private folder for gnuplot's script and drawing, removed with it.
class scratch_folder {
public:
  scratch_folder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "fabricvp-chart-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a temporary folder: " +
                               std::string(std::strerror(errno)));
    path_ = pattern;
  }
  ~scratch_folder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string &name) const { return (path_ / name).string(); }

private:
  std::filesystem::path path_;
};

// The marker after the SVG's first line (its XML declaration).
std::string with_chart_marker(const std::string &svg) {
  const std::size_t eol = svg.find('\n');
  const std::size_t at = eol == std::string::npos ? 0 : eol + 1;
  return svg.substr(0, at) + marker_line(output_kind::chart) + "\n" + svg.substr(at);
}

// Draws power by class as a stacked bar chart into PREFIX.svg with gnuplot,
// run without a shell; returns what the summary line says.
std::string write_power_chart(const std::vector<nlohmann::json> &rows, const std::string &prefix) {
  const scratch_folder scratch;
  {
    std::ofstream gp(scratch.file("chart.gp"));
    gp << chart_script(rows, scratch.file("chart.svg"));
    if (!gp.flush())
      return "skipped (cannot write gnuplot's script)";
  }
  const program_run gnuplot = run_program({"gnuplot", scratch.file("chart.gp")});
  if (gnuplot.not_found())
    return "skipped (gnuplot not on PATH)";
  if (!gnuplot.succeeded())
    return "gnuplot " + gnuplot.failure() + "; no chart";
  std::ifstream drawn(scratch.file("chart.svg"), std::ios::binary);
  std::ostringstream svg;
  svg << drawn.rdbuf();
  write_output_file(prefix + ".svg", "the chart", with_chart_marker(svg.str()));
  return prefix + ".svg";
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
                const std::string &prefix, std::ostream &out, std::ostream &err) {
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

  // Side-by-side table: one column per platform.
  struct metric {
    std::string label;
    std::function<nlohmann::json(const nlohmann::json &)> get;
  };
  std::vector<metric> metrics;
  for (const auto &c : classes())
    metrics.push_back(
        {c + " W", [c](const nlohmann::json &r) { return r["power_w_by_class"][c]; }});
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
    metrics.push_back({label, [key = key](const nlohmann::json &r) { return r[key]; }});

  // Cells: numbers of 1 or more with two decimals, smaller ones with four
  // significant digits (0.01234 J, not 0.01), text as is, "-" for nothing;
  // columns as wide as their widest cell.
  auto cell_text = [](const nlohmann::json &v) {
    std::ostringstream cell;
    if (v.is_number_float() && std::fabs(v.get<double>()) < 1.0 && v.get<double>() != 0.0)
      cell << std::setprecision(4) << v.get<double>();
    else if (v.is_number_float())
      cell << std::fixed << std::setprecision(2) << v.get<double>();
    else if (v.is_null())
      cell << "-";
    else if (v.is_string())
      cell << v.get<std::string>();
    else
      cell << v.dump();
    return cell.str();
  };
  const int w0 = 38;
  int w = 18;
  for (const auto &r : rows) {
    w = std::max(w, static_cast<int>(r["platform"].get<std::string>().size()) + 2);
    for (const auto &m : metrics)
      w = std::max(w, static_cast<int>(cell_text(m.get(r)).size()) + 2);
  }
  out << std::left << std::setw(w0) << "fabricvp compare";
  for (const auto &r : rows)
    out << std::right << std::setw(w) << r["platform"].get<std::string>();
  out << "\n";
  for (const auto &m : metrics) {
    out << std::left << std::setw(w0) << m.label;
    for (const auto &r : rows)
      out << std::right << std::setw(w) << cell_text(m.get(r));
    out << "\n";
  }
  const double base_optics = rows.front()["optics_w"].get<double>();
  out << std::left << std::setw(w0) << "optics vs first";
  for (const auto &r : rows) {
    std::ostringstream cell;
    if (base_optics > 0)
      cell << std::fixed << std::setprecision(1)
           << (r["optics_w"].get<double>() / base_optics - 1.0) * 100.0 << "%";
    else
      cell << "n/a"; // the first platform has no optics to compare with
    out << std::right << std::setw(w) << cell.str();
  }
  out << "\n";

  write_output_file(prefix + ".json", "the comparison table",
                    nlohmann::json{{"fabricvp_compare", 1}, {"platforms", rows}}.dump(2) + "\n");
  std::ostringstream csv;
  csv << marker_line(output_kind::compare_csv) << "\nmetric";
  for (const auto &r : rows)
    csv << "," << csv_cell(r["platform"]);
  csv << "\n";
  for (const auto &m : metrics) {
    csv << "\"" << m.label << "\"";
    for (const auto &r : rows)
      csv << "," << csv_cell(m.get(r));
    csv << "\n";
  }
  write_output_file(prefix + ".csv", "the comparison table", csv.str());
  out << "  table            " << prefix << ".csv, " << prefix << ".json\n";

  out << "  chart            " << write_power_chart(rows, prefix) << "\n";
  return code;
}

} // namespace fabricvp
