#include "testbench/cli/compare.h"

#include "testbench/cli/child_process.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
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

double class_w(const nlohmann::json &report, const std::string &cls) {
  const auto &by = report["power"]["by_class"];
  return by.contains(cls) ? by[cls].get<double>() : 0.0;
}

// Runs one prepared platform in a forked child; the report comes back as JSON
// text through a pipe.
nlohmann::json run_in_child(const netlist &n, const run_options &o) {
  const child_output out = run_in_child_process([&]() -> std::pair<std::string, int> {
    try {
      run_outcome r = run_simulation(n, o);
      nlohmann::json msg = {
          {"report", r.report}, {"exit_code", r.exit_code}, {"failure", r.failure}};
      return {msg.dump(), r.exit_code};
    } catch (const std::exception &e) {
      return {nlohmann::json{{"exit_code", 1}, {"failure", e.what()}}.dump(), 1};
    }
  });
  if (out.text.empty())
    return {{"exit_code", 1}, {"failure", "the child process died without a report"}};
  return nlohmann::json::parse(out.text);
}

std::string csv_cell(const nlohmann::json &v) {
  if (v.is_null())
    return "";
  if (v.is_string())
    return "\"" + v.get<std::string>() + "\"";
  return v.dump();
}

} // namespace

nlohmann::json compare_row(const netlist &n, const nlohmann::json &report) {
  nlohmann::json row;
  row["platform"] = n.name;
  row["file"] = n.file;
  nlohmann::json by = nlohmann::json::object();
  for (const auto &c : classes())
    by[c] = class_w(report, c);
  row["power_w_by_class"] = by;
  row["total_w"] = report["power"]["total_w"];
  const double optics =
      class_w(report, "retimer_dsp") + class_w(report, "optical_engine") + class_w(report, "laser");
  const double ends = 2.0 * static_cast<double>(report["links"].size());
  row["optics_w"] = optics;
  row["link_ends"] = ends;
  row["optics_w_per_port"] = ends > 0 ? optics / ends : 0.0;
  row["io_w_per_port"] = ends > 0 ? (optics + class_w(report, "serdes")) / ends : 0.0;
  row["pj_per_bit"] = report["power"]["energy_pj_per_bit"];
  row["throughput_gbps"] = report["throughput_gbps"];
  row["front_panel_ru"] = report["optics"]["switch_front_panel_ru"];
  row["lasers"] = report["optics"]["laser_channels"];
  row["modules_over_cage_limit"] = report["optics"]["modules_over_cage_limit"];
  double latency = 0, worst_e = 1e300, worst_o = 1e300;
  bool any_optical = false;
  for (const auto &l : report["links"]) {
    latency += l["latency_ns"].get<double>();
    worst_e = std::min(worst_e, l["margin_db"].get<double>());
    if (!l["optical"].is_null()) {
      any_optical = true;
      worst_o = std::min(worst_o, l["optical"]["margin_db"].get<double>());
    }
  }
  const std::size_t links = report["links"].size();
  row["link_latency_ns"] = links ? latency / static_cast<double>(links) : 0.0;
  row["switch_latency_ns_mean"] = report["latency_ns"]["mean"];
  row["worst_electrical_margin_db"] = links ? nlohmann::json(worst_e) : nlohmann::json(nullptr);
  row["worst_optical_margin_db"] = any_optical ? nlohmann::json(worst_o) : nlohmann::json(nullptr);
  row["packets_dropped"] = report["traffic"]["packets_dropped"];
  // Delivered throughput per watt: whatever the workload, what the system
  // moved end to end for the power it drew.
  const double sim_s = report["sim_time_s"].get<double>();
  const double delivered_gbps =
      sim_s > 0 ? report["traffic"]["bytes_delivered"].get<double>() * 8.0 / sim_s / 1e9 : 0.0;
  const double total_w = report["power"]["total_w"].get<double>();
  row["delivered_gbps_per_w"] = total_w > 0 ? delivered_gbps / total_w : 0.0;
  // The first collective of the run, if any.
  const nlohmann::json none(nullptr);
  const nlohmann::json *op = nullptr;
  if (report.contains("collective"))
    for (const auto &o : report["collective"]["operations"])
      if (o["kind"] != "compute") {
        op = &o;
        break;
      }
  row["collective"] = op ? nlohmann::json((*op)["kind"].get<std::string>() + " " +
                                          (*op)["algorithm"].get<std::string>() + " x" +
                                          std::to_string((*op)["ranks"].get<int>()))
                         : none;
  row["collective_time_us"] = op ? nlohmann::json((*op)["time_s"].get<double>() * 1e6) : none;
  row["collective_busbw_gbps"] = op ? (*op)["busbw_gbps"] : none;
  row["collective_energy_j"] = op ? (*op)["energy_j"] : none;
  row["collective_energy_mj_per_rank"] =
      op ? nlohmann::json((*op)["energy_j"].get<double>() / (*op)["ranks"].get<double>() * 1e3)
         : none;
  row["collective_pj_per_bit_moved"] = op ? (*op)["pj_per_bit_moved"] : none;
  // Per kW the system drew while the operation ran (its energy over its time).
  const double op_w = op && (*op)["time_s"].get<double>() > 0
                          ? (*op)["energy_j"].get<double>() / (*op)["time_s"].get<double>()
                          : 0.0;
  row["collective_busbw_gbps_per_kw"] =
      op && op_w > 0 ? nlohmann::json((*op)["busbw_gbps"].get<double>() *
                                      (*op)["ranks"].get<double>() / op_w * 1e3)
                     : none;
  return row;
}

int run_compare(const std::vector<std::string> &platform_files, const run_options &base,
                const std::string &prefix, std::ostream &out) {
  // Parse and check every platform first: an input error stops before any run.
  std::vector<netlist> nets;
  for (const auto &f : platform_files) {
    run_options o = base;
    o.platform_file = f;
    nets.push_back(prepare_netlist(o));
  }
  int code = 0;
  std::vector<nlohmann::json> rows;
  for (std::size_t k = 0; k < nets.size(); ++k) {
    run_options o = base;
    o.platform_file = platform_files[k];
    o.quiet = true;
    const nlohmann::json result = run_in_child(nets[k], o);
    if (result["exit_code"].get<int>() != 0 || !result.contains("report")) {
      out << "fabricvp compare: " << platform_files[k]
          << ": run failed: " << result["failure"].get<std::string>() << "\n";
      code = 1;
      if (!result.contains("report"))
        continue;
    }
    rows.push_back(compare_row(nets[k], result["report"]));
  }
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
           {"collective pJ/bit moved", "collective_pj_per_bit_moved"}})
    metrics.push_back({label, [key = key](const nlohmann::json &r) { return r[key]; }});

  // Cells: numbers with two decimals, text as is, "-" for nothing; columns
  // as wide as their widest cell.
  auto cell_text = [](const nlohmann::json &v) {
    std::ostringstream cell;
    if (v.is_number_float())
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
    cell << std::fixed << std::setprecision(1)
         << (base_optics > 0 ? (r["optics_w"].get<double>() / base_optics - 1.0) * 100.0 : 0.0)
         << "%";
    out << std::right << std::setw(w) << cell.str();
  }
  out << "\n";

  {
    std::ofstream json_out(prefix + ".json");
    json_out << nlohmann::json{{"fabricvp_compare", 1}, {"platforms", rows}}.dump(2) << "\n";
    std::ofstream csv(prefix + ".csv");
    csv << "metric";
    for (const auto &r : rows)
      csv << "," << csv_cell(r["platform"]);
    csv << "\n";
    for (const auto &m : metrics) {
      csv << "\"" << m.label << "\"";
      for (const auto &r : rows)
        csv << "," << csv_cell(m.get(r));
      csv << "\n";
    }
    if (!json_out || !csv)
      throw input_error({prefix, 0}, "", "cannot write the comparison files");
  }
  out << "  table            " << prefix << ".csv, " << prefix << ".json\n";

  // Power by class as a stacked bar chart, when gnuplot is available.
  if (std::system("command -v gnuplot >/dev/null 2>&1") == 0) {
    {
      std::ofstream dat(prefix + ".dat");
      dat << "platform";
      for (const auto &c : classes())
        dat << " " << c;
      dat << "\n";
      for (const auto &r : rows) {
        dat << r["platform"].get<std::string>();
        for (const auto &c : classes())
          dat << " " << r["power_w_by_class"][c].get<double>();
        dat << "\n";
      }
    }
    std::ofstream gp(prefix + ".gp");
    gp << "set terminal svg size 900,500 noenhanced\nset output '" << prefix << ".svg'\n"
       << "set title 'power by class'\nset ylabel 'W'\nset style data histograms\n"
       << "set style histogram rowstacked\nset style fill solid 0.8 border -1\n"
       << "set key outside right\nset xtics rotate by -30\n"
       << "plot for [c=2:" << classes().size() + 1 << "] '" << prefix
       << ".dat' using c:xtic(1) title columnheader(c)\n";
    gp.close();
    const std::string cmd = "gnuplot '" + prefix + ".gp' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0)
      out << "  chart            " << prefix << ".svg\n";
    else
      out << "  chart            gnuplot failed; data in " << prefix << ".dat\n";
  } else {
    out << "  chart            skipped (gnuplot not on PATH)\n";
  }
  return code;
}

} // namespace fabricvp
