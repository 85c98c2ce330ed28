#include "testbench/cli/review_charts.h"

#include "core/power.h"
#include "testbench/cli/run_program.h"
#include "testbench/session/session.h"
#include "testbench/study/charts.h"
#include "traces/output_file.h"
#include "traces/output_marker.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace fabricvp {
namespace {

using nlohmann::json;

// A number in a data block: exact enough to check, short enough to read.
std::string num(double v) {
  std::ostringstream os;
  os << std::setprecision(10) << v;
  return os.str();
}

// A name as one double-quoted column of gnuplot data (no quote or line
// break inside, so the column cannot end early).
std::string data_label(const std::string &name) {
  std::string label = "\"";
  for (char c : name)
    label += c == '"' || c == '\n' || c == '\r' ? '_' : c;
  return label + "\"";
}

std::string colour_of(const std::string &series) {
  static const std::map<std::string, std::string> colours = {
      {power_class::serdes, "#1f77b4"},
      {power_class::retimer_dsp, "#d62728"},
      {power_class::optical_engine, "#9467bd"},
      {power_class::laser, "#ff7f0e"},
      {power_class::switch_core, "#2ca02c"},
      {power_class::accelerator_io, "#8c564b"},
      {"serialization", "#1f77b4"},
      {"fixed", "#7f7f7f"},
      {"queueing", "#d62728"},
      {"total", "#000000"}};
  const auto it = colours.find(series);
  if (it != colours.end())
    return it->second;
  static const char *others[] = {"#17becf", "#bcbd22", "#e377c2", "#393b79", "#637939"};
  return others[std::hash<std::string>{}(series) % 5];
}

// The commands of a chart that has nothing to draw: its note in the middle.
std::string empty_plot(const std::string &note) {
  return "unset key\nunset xtics\nunset ytics\nunset border\nset xrange [0:1]\n"
         "set yrange [0:1]\nset label 1 " +
         gnuplot_quoted(note) + " at graph 0.5, graph 0.5 center noenhanced\nplot 2 notitle\n";
}

// Tic labels on x: ('a' 1, 'b' 2); turned when many or long.
std::string x_tics(const std::vector<std::pair<std::string, double>> &tics) {
  std::size_t longest = 0;
  std::ostringstream gp;
  gp << "set xtics (";
  for (std::size_t i = 0; i < tics.size(); ++i) {
    gp << (i ? ", " : "") << gnuplot_quoted(tics[i].first) << " " << num(tics[i].second);
    longest = std::max(longest, tics[i].first.size());
  }
  gp << ") nomirror noenhanced";
  if (tics.size() > 4 || longest > 16)
    gp << " rotate by -25 right";
  return gp.str() + "\n";
}

struct bar_series {
  std::string name;
  std::vector<std::optional<double>> values; // one per group
};

// Bars per group (platform), one colour per series. Grouped: a bar per
// series, its value on top. Stacked: the series on top of each other, each
// value inside its segment (when it has room: 4% of the tallest stack) and
// the total above. A series without a value is left out; with
// `drop_zero`, so is one that is zero everywhere (an empty power class),
// and a zero value has no bar (nor label).
chart bar_chart(const std::string &name, const std::string &what, const std::string &subject,
                const std::string &ylabel, const std::vector<std::string> &groups,
                std::vector<bar_series> series, bool stacked, bool drop_zero,
                const std::string &empty_note) {
  chart c{name, what, subject, "", "", "", ""};
  std::vector<std::string> left_out;
  series.erase(std::remove_if(series.begin(), series.end(),
                              [&](const bar_series &s) {
                                bool any = false;
                                for (const auto &v : s.values)
                                  any = any || (v && (!drop_zero || *v != 0.0));
                                if (!any)
                                  left_out.push_back(s.name);
                                return !any;
                              }),
               series.end());
  std::ostringstream data;
  data << "# " << what << " (" << ylabel << ")\n";
  if (!left_out.empty()) {
    data << "# left out (no value" << (drop_zero ? " or zero everywhere" : "") << "):";
    for (const auto &s : left_out)
      data << " " << s;
    data << "\n";
  }
  if (series.empty()) {
    c.data = data.str();
    c.plot = empty_plot(empty_note);
    return c;
  }
  const std::size_t k = series.size();
  std::vector<double> totals(groups.size(), 0.0);
  for (const auto &s : series)
    for (std::size_t g = 0; g < groups.size(); ++g)
      totals[g] += s.values[g].value_or(0.0);
  const double tallest = *std::max_element(totals.begin(), totals.end());
  std::vector<std::pair<std::string, double>> tics;
  std::vector<double> base(groups.size(), 0.0);
  if (stacked)
    data << "# one block per series; columns: x y_centre half_width half_height value "
            "label platform series; then the totals: x total label platform\n";
  else
    data << "# one block per series; columns: x value label platform series\n";
  for (std::size_t i = 0; i < k; ++i) {
    data << "# " << series[i].name << "\n";
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto &v = series[i].values[g];
      if (!v || (*v == 0.0 && (stacked || drop_zero)))
        continue; // no bar (a zero power class has none either)
      if (stacked) {
        const bool room = *v >= 0.04 * tallest;
        data << num(static_cast<double>(g) + 1) << " " << num(base[g] + *v / 2) << " 0.3 "
             << num(*v / 2) << " " << num(*v) << " " << data_label(room ? number_cell(*v) : "")
             << " " << data_label(groups[g]) << " " << data_label(series[i].name) << "\n";
        base[g] += *v;
      } else {
        const double x = static_cast<double>(g * (k + 1) + i) + 1;
        data << num(x) << " " << num(*v) << " " << data_label(number_cell(*v)) << " "
             << data_label(groups[g]) << " " << data_label(series[i].name) << "\n";
      }
    }
    data << "\n\n";
  }
  if (stacked) {
    data << "# total\n";
    for (std::size_t g = 0; g < groups.size(); ++g)
      data << num(static_cast<double>(g) + 1) << " " << num(totals[g]) << " "
           << data_label(number_cell(totals[g])) << " " << data_label(groups[g]) << "\n";
  }
  for (std::size_t g = 0; g < groups.size(); ++g)
    tics.push_back({groups[g], stacked ? static_cast<double>(g) + 1
                                       : static_cast<double>(g * (k + 1)) + (k + 1) / 2.0});

  std::ostringstream gp;
  gp << "set ylabel " << gnuplot_quoted(ylabel) << " noenhanced\n"
     << "set style fill solid 0.85 border -1\nset boxwidth 0.8 absolute\n"
     << "set key outside right top noenhanced\nset grid ytics\nset yrange [0:*]\n"
     << "set offsets 0, 0, graph 0.12, 0\n"
     << x_tics(tics);
  if (stacked)
    gp << "set xrange [0.4:" << num(static_cast<double>(groups.size()) + 0.6) << "]\n";
  else
    gp << "set xrange [0.2:" << num(static_cast<double>(groups.size() * (k + 1)) - 0.2) << "]\n";
  gp << "plot ";
  for (std::size_t i = 0; i < k; ++i) {
    const std::string block = "$data index " + std::to_string(i);
    const std::string colour = "lc rgb " + gnuplot_quoted(colour_of(series[i].name));
    gp << (i ? ", \\\n     " : "");
    if (stacked)
      gp << block << " using 1:2:3:4 with boxxyerror " << colour << " title "
         << gnuplot_quoted(series[i].name) << ", " << block
         << " using 1:2:(stringcolumn(6)) with labels font ',9' notitle";
    else
      gp << block << " using 1:2 with boxes " << colour << " title "
         << gnuplot_quoted(series[i].name) << ", " << block
         << " using 1:2:(stringcolumn(3)) with labels offset 0,0.7 font ',9' notitle";
  }
  if (stacked)
    gp << ", \\\n     $data index " << k
       << " using 1:2:(stringcolumn(3)) with labels offset 0,0.8 font ',10' notitle";
  gp << "\n";
  c.data = data.str();
  c.plot = gp.str();
  return c;
}

std::vector<std::string> platforms_of(const std::vector<json> &rows) {
  std::vector<std::string> names;
  for (const json &r : rows)
    names.push_back(r["platform"].get<std::string>());
  return names;
}

// Per platform, a row field by class (`key` an object of class -> number).
std::vector<bar_series> by_class(const std::vector<json> &rows, const std::string &key) {
  std::vector<bar_series> series;
  for (const std::string &cls : power_class::all()) {
    bar_series s{cls, {}};
    for (const json &r : rows) {
      const json &v = r.contains(key) ? r[key].value(cls, json(nullptr)) : json(nullptr);
      s.values.push_back(v.is_number() ? std::optional<double>(v.get<double>()) : std::nullopt);
    }
    series.push_back(s);
  }
  return series;
}

chart latency_chart(const std::vector<json> &rows) {
  std::vector<bar_series> series;
  for (const char *component : {"serialization", "fixed", "queueing"}) {
    bar_series s{component, {}};
    for (const json &r : rows) {
      const json &l = r["latency_ns_by_component"];
      s.values.push_back(l.is_object() ? std::optional<double>(l[component].get<double>())
                                       : std::nullopt);
    }
    series.push_back(s);
  }
  return bar_chart("latency", "mean packet latency by component", chart_subject(rows), "ns",
                   platforms_of(rows), series, false, false,
                   "no packet was delivered in the statistics window");
}

chart port_watts_chart(const std::vector<json> &rows) {
  return bar_chart("port_watts", "watts per port end by component", chart_subject(rows),
                   "W per port end", platforms_of(rows), by_class(rows, "w_per_port_end_by_class"),
                   false, true, "no link, or no power drawn");
}

chart pj_per_bit_chart(const std::vector<json> &rows) {
  return bar_chart("pj_per_bit", "energy per delivered bit by component", chart_subject(rows),
                   "pJ/bit delivered", platforms_of(rows), by_class(rows, "pj_per_bit_by_class"),
                   false, true, "no traffic delivered: no energy per bit");
}

chart power_by_class_chart(const std::vector<json> &rows) {
  return bar_chart("power_by_class", "system power by class", chart_subject(rows), "W",
                   platforms_of(rows), by_class(rows, "power_w_by_class"), true, true,
                   "no power drawn");
}

// Chart time axis: microseconds.
chart power_time_chart(const std::string &subject, const std::string &power_log_file) {
  chart c{"power_time", "power by class over time (power log)", subject, "", "", "", ""};
  struct stat st {};
  if (power_log_file.empty() || stat(power_log_file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    c.data = "# no power log file to read\n";
    c.plot = empty_plot("no power log file (written to a device, or none)");
    return c;
  }
  const power_series p = read_power_log(power_log_file);
  std::ostringstream data;
  data << "# " << c.what << "; one block per class (empty classes left out), then the total;"
       << " columns: t_us watts (each interval from its start; the last row is the end)\n";
  std::vector<std::string> kept;
  std::vector<double> total(p.start_s.size(), 0.0);
  auto block = [&](const std::string &name, const std::vector<double> &w) {
    data << "# " << name << "\n";
    for (std::size_t k = 0; k < p.start_s.size(); ++k)
      data << num(p.start_s[k] * 1e6) << " " << num(w[k]) << "\n";
    if (!w.empty())
      data << num(p.end_s * 1e6) << " " << num(w.back()) << "\n";
    data << "\n\n";
  };
  for (const auto &[cls, w] : p.watts) {
    for (std::size_t k = 0; k < w.size() && k < total.size(); ++k)
      total[k] += w[k];
    if (std::all_of(w.begin(), w.end(), [](double v) { return v == 0.0; }))
      continue;
    kept.push_back(cls);
    block(cls, w);
  }
  if (kept.empty() || p.start_s.empty()) {
    c.data = data.str();
    c.plot = empty_plot("the power log has no power drawn");
    return c;
  }
  block("total", total);
  std::ostringstream gp;
  gp << "set xlabel 'time (us)'\nset ylabel 'W'\nset key outside right top noenhanced\n"
     << "set grid\nset yrange [0:*]\nset offsets 0, 0, graph 0.05, 0\nplot ";
  for (std::size_t i = 0; i <= kept.size(); ++i) {
    const std::string name = i < kept.size() ? kept[i] : "total";
    gp << (i ? ", \\\n     " : "") << "$data index " << i << " using 1:2 with steps lw "
       << (i < kept.size() ? "2" : "2 dt 2") << " lc rgb " << gnuplot_quoted(colour_of(name))
       << " title " << gnuplot_quoted(name);
  }
  gp << "\n";
  c.data = data.str();
  c.plot = gp.str();
  return c;
}

// "acc10" after "acc2": digit runs compare as numbers.
bool natural_less(const std::string &a, const std::string &b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) &&
        std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie])))
        ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je])))
        ++je;
      const std::string da = a.substr(i, ie - i), db = b.substr(j, je - j);
      const std::string ta = da.substr(std::min(da.find_first_not_of('0'), da.size()));
      const std::string tb = db.substr(std::min(db.find_first_not_of('0'), db.size()));
      if (ta.size() != tb.size())
        return ta.size() < tb.size();
      if (ta != tb)
        return ta < tb;
      i = ie;
      j = je;
      continue;
    }
    if (a[i] != b[j])
      return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

// "tray0.acc3.port1" -> "tray0.acc3".
std::string node_of(const std::string &port) {
  const std::size_t dot = port.rfind(".port");
  return dot == std::string::npos ? port : port.substr(0, dot);
}

constexpr std::size_t heatmap_values_limit = 16; // cells carry their value up to this
constexpr std::size_t heatmap_names_limit = 64;  // axes name the nodes up to this

chart link_heatmap_chart(const std::string &subject, const run_result &r) {
  chart c{"link_heatmap",
          "link utilisation, from node x to node (link table)",
          subject,
          "",
          "",
          "",
          ""};
  std::set<std::string> names;
  for (const link_result &l : r.links) {
    names.insert(node_of(l.a));
    names.insert(node_of(l.b));
  }
  if (names.empty()) {
    c.data = "# no links\n";
    c.plot = empty_plot("this platform has no links");
    return c;
  }
  std::vector<std::string> nodes(names.begin(), names.end());
  std::sort(nodes.begin(), nodes.end(), natural_less);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    index[nodes[i]] = i;
  std::map<std::pair<std::size_t, std::size_t>, std::pair<double, int>> cells; // sum, links
  const double sim_s = r.sim_time_s();
  for (const link_result &l : r.links) {
    auto &ab = cells[{index[node_of(l.a)], index[node_of(l.b)]}];
    ab.first += l.utilisation_a_to_b(sim_s);
    ++ab.second;
    auto &ba = cells[{index[node_of(l.b)], index[node_of(l.a)]}];
    ba.first += l.utilisation_b_to_a(sim_s);
    ++ba.second;
  }
  const bool values = nodes.size() <= heatmap_values_limit;
  std::ostringstream data;
  data << "# " << c.what << "; " << nodes.size() << " nodes in natural order;"
       << " columns: from_index to_index utilisation_percent (mean over parallel links)"
       << " label from to links\n";
  for (const auto &[cell, sum] : cells) {
    const double percent = sum.first / sum.second * 100.0;
    data << cell.first << " " << cell.second << " " << num(percent) << " "
         << data_label(values ? number_cell(percent) : "") << " " << data_label(nodes[cell.first])
         << " " << data_label(nodes[cell.second]) << " " << sum.second << "\n";
  }
  const double n = static_cast<double>(nodes.size());
  std::ostringstream gp;
  gp << "set xlabel 'to'\nset ylabel 'from'\nunset key\nset size ratio -1\n"
     << "set style fill solid 1.0 noborder\n"
     << "set palette defined (0 '#f7fbff', 0.3 '#6baed6', 0.7 '#2171b5', 1 '#08306b')\n"
     << "set cbrange [0:100]\nset cblabel 'utilisation %'\n"
     << "set xrange [-0.5:" << num(n - 0.5) << "]\nset yrange [" << num(n - 0.5) << ":-0.5]\n";
  if (nodes.size() <= heatmap_names_limit) {
    std::ostringstream tics;
    for (std::size_t i = 0; i < nodes.size(); ++i)
      tics << (i ? ", " : "") << gnuplot_quoted(nodes[i]) << " " << i;
    gp << "set xtics (" << tics.str() << ") noenhanced rotate by -45 left font ',8'\n"
       << "set ytics (" << tics.str() << ") noenhanced font ',8'\n";
  } else {
    gp << "unset xtics\nunset ytics\n";
  }
  gp << "set grid front\nplot $data using 1:2:(0.5):(0.5):3 with boxxyerror fc palette notitle";
  if (values)
    gp << ", \\\n     $data using 1:2:(stringcolumn(4)) with labels font ',8' notitle";
  gp << "\n";
  c.data = data.str();
  c.plot = gp.str();
  return c;
}

chart collective_timeline_chart(const std::string &subject, const run_result &r) {
  chart c{"collective_timeline", "operations per job over time", subject, "", "", "", ""};
  if (!r.collective || r.collective->operations.empty()) {
    c.data = "# no operations\n";
    c.plot = empty_plot("no collective operation ran");
    return c;
  }
  // Jobs in the order their first operation comes; in each job, an
  // operation takes the first row (lane) free at its start.
  std::vector<std::string> jobs, kinds;
  std::map<std::string, std::vector<result_ps>> lanes_end; // per job: end of each lane
  struct bar {
    const operation_report *op;
    std::size_t job, lane;
    result_ps end;
  };
  std::vector<const operation_report *> ops;
  for (const operation_report &op : r.collective->operations)
    ops.push_back(&op);
  std::stable_sort(ops.begin(), ops.end(),
                   [](auto *a, auto *b) { return a->start_ps < b->start_ps; });
  std::vector<bar> bars;
  for (const operation_report *op : ops) {
    const std::string job = op->job.empty() ? "(platform workload)" : op->job;
    if (std::find(jobs.begin(), jobs.end(), job) == jobs.end())
      jobs.push_back(job);
    if (std::find(kinds.begin(), kinds.end(), op->kind) == kinds.end())
      kinds.push_back(op->kind);
    const result_ps end = op->complete ? op->end_ps : std::max(op->start_ps, r.end_ps);
    auto &lanes = lanes_end[job];
    std::size_t lane = 0;
    while (lane < lanes.size() && lanes[lane] > op->start_ps)
      ++lane;
    if (lane == lanes.size())
      lanes.push_back(0);
    lanes[lane] = end;
    bars.push_back(
        {op, static_cast<std::size_t>(std::find(jobs.begin(), jobs.end(), job) - jobs.begin()),
         lane, end});
  }
  std::vector<double> first_row(jobs.size(), 0.0);
  double rows = 0;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    first_row[j] = rows;
    rows += static_cast<double>(lanes_end[jobs[j]].size());
  }
  std::ostringstream data;
  data << "# " << c.what << "; one block per kind; columns: x_centre_us row half_width_us "
       << "half_height label start_us end_us job kind\n";
  for (const std::string &kind : kinds) {
    data << "# " << kind << "\n";
    for (const bar &b : bars) {
      if (b.op->kind != kind)
        continue;
      const double start_us = static_cast<double>(b.op->start_ps) * 1e-6;
      const double end_us = static_cast<double>(b.end) * 1e-6;
      data << num((start_us + end_us) / 2) << " "
           << num(first_row[b.job] + static_cast<double>(b.lane)) << " "
           << num((end_us - start_us) / 2) << " 0.38 "
           << data_label(b.op->name + (b.op->complete ? "" : " (incomplete)")) << " "
           << num(start_us) << " " << num(end_us) << " " << data_label(jobs[b.job]) << " "
           << data_label(kind) << "\n";
    }
    data << "\n\n";
  }
  std::ostringstream tics;
  for (std::size_t j = 0; j < jobs.size(); ++j)
    tics << (j ? ", " : "") << gnuplot_quoted(jobs[j]) << " "
         << num(first_row[j] + (static_cast<double>(lanes_end[jobs[j]].size()) - 1) / 2);
  std::ostringstream gp;
  gp << "set xlabel 'time (us)'\nset style fill solid 0.8 border -1\n"
     << "set key outside right top noenhanced\nset grid xtics\nset xrange [0:*]\n"
     << "set yrange [" << num(rows - 0.5) << ":-0.5]\nset ytics (" << tics.str()
     << ") noenhanced\nplot ";
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const std::string block = "$data index " + std::to_string(i);
    gp << (i ? ", \\\n     " : "") << block << " using 1:2:3:4 with boxxyerror lc rgb "
       << gnuplot_quoted(colour_of(kinds[i])) << " title " << gnuplot_quoted(kinds[i]) << ", "
       << block << " using 1:2:(stringcolumn(5)) with labels font ',8' notitle";
  }
  gp << "\n";
  c.data = data.str();
  c.plot = gp.str();
  return c;
}

// A private folder for gnuplot's scripts and drawings, removed with it.
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

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// gnuplot's script for one chart: the data inline, then the same commands
// once per terminal.
std::string chart_script(const chart &c, const std::string &svg, const std::string &png) {
  std::ostringstream gp;
  gp << "$data << EOD\n" << c.data << "EOD\n";
  const std::string body = "set title " + gnuplot_quoted(c.what) + ".\"\\n\"." +
                           gnuplot_quoted(c.subject) + " noenhanced\n" + c.plot;
  gp << "set terminal svg size 900,500 dynamic noenhanced font 'sans,11' background rgb 'white'\n"
     << "set output " << gnuplot_quoted(svg) << "\n"
     << body << "set output\n"
     << "set terminal pngcairo size 900,500 noenhanced font 'sans,10' background rgb 'white'\n"
     << "set output " << gnuplot_quoted(png) << "\n"
     << body << "set output\n";
  return gp.str();
}

} // namespace

std::string number_cell(double v) {
  std::ostringstream os;
  if (v != 0.0 && std::fabs(v) < 1.0)
    os << std::setprecision(4) << v;
  else
    os << std::fixed << std::setprecision(2) << v;
  return os.str();
}

std::string chart_subject(const std::vector<json> &rows) {
  std::string platforms, workloads;
  std::vector<std::string> seen;
  constexpr std::size_t named = 4;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i < named)
      platforms += (i ? ", " : "") + rows[i]["platform"].get<std::string>();
    std::string w = rows[i].value("workload", "");
    if (rows[i].contains("load") && rows[i]["load"].is_number()) {
      std::ostringstream load;
      load << rows[i]["load"].get<double>();
      w += ", load " + load.str();
    }
    if (std::find(seen.begin(), seen.end(), w) == seen.end())
      seen.push_back(w);
  }
  if (rows.size() > named)
    platforms += " and " + std::to_string(rows.size() - named) + " more";
  for (std::size_t i = 0; i < seen.size(); ++i)
    workloads += (i ? "; " : "") + seen[i];
  return platforms + ": " + workloads;
}

std::vector<chart> comparison_charts(const std::vector<json> &rows) {
  return {power_by_class_chart(rows), port_watts_chart(rows), pj_per_bit_chart(rows),
          latency_chart(rows)};
}

std::vector<std::string> run_chart_names(const netlist &n) {
  std::vector<std::string> names = {"port_watts", "pj_per_bit", "latency", "power_time",
                                    "link_heatmap"};
  if (runs_to_completion(n))
    names.push_back("collective_timeline");
  return names;
}

std::vector<chart> run_charts(const run_result &r, const json &row,
                              const std::string &power_log_file) {
  const std::vector<json> rows = {row};
  const std::string subject = chart_subject(rows);
  std::vector<chart> charts = {port_watts_chart(rows), pj_per_bit_chart(rows), latency_chart(rows),
                               power_time_chart(subject, power_log_file),
                               link_heatmap_chart(subject, r)};
  if (r.collective)
    charts.push_back(collective_timeline_chart(subject, r));
  return charts;
}

power_series read_power_log(const std::string &path) {
  std::ifstream in(path);
  power_series p;
  std::map<std::string, std::size_t> slot;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == 't')
      continue; // the marker, the header
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');)
      f.push_back(cell);
    if (f.size() != 6 || f[2] != "class")
      continue;
    const double start = std::strtod(f[0].c_str(), nullptr);
    if (p.start_s.empty() || p.start_s.back() != start)
      p.start_s.push_back(start);
    p.end_s = std::strtod(f[1].c_str(), nullptr);
    auto it = slot.find(f[3]);
    if (it == slot.end()) {
      it = slot.emplace(f[3], p.watts.size()).first;
      p.watts.push_back({f[3], {}});
    }
    auto &w = p.watts[it->second].second;
    w.resize(p.start_s.size(), 0.0);
    w.back() = std::strtod(f[4].c_str(), nullptr);
  }
  for (auto &[cls, w] : p.watts)
    w.resize(p.start_s.size(), 0.0);
  // In the order the reports list classes (others after, by name).
  std::stable_sort(p.watts.begin(), p.watts.end(), [](const auto &a, const auto &b) {
    const auto &all = power_class::all();
    return std::find(all.begin(), all.end(), a.first) < std::find(all.begin(), all.end(), b.first);
  });
  return p;
}

bool gnuplot_available() { return run_program({"gnuplot", "--version"}).succeeded(); }

std::string draw_charts(std::vector<chart> &charts) {
  const scratch_folder scratch;
  for (std::size_t k = 0; k < charts.size(); ++k) {
    chart &c = charts[k];
    const std::string stem = scratch.file("chart" + std::to_string(k));
    {
      std::ofstream gp(stem + ".gp");
      gp << chart_script(c, stem + ".svg", stem + ".png");
      if (!gp.flush())
        return "cannot write gnuplot's script";
    }
    const program_run gnuplot = run_program({"gnuplot", stem + ".gp"});
    if (gnuplot.not_found())
      return "gnuplot not on PATH";
    if (!gnuplot.succeeded())
      return "gnuplot " + gnuplot.failure() + " drawing " + c.name;
    c.svg = read_file(stem + ".svg");
    c.png = read_file(stem + ".png");
  }
  return "";
}

std::vector<std::string> chart_files(const std::string &stem) {
  return {stem + ".svg", stem + ".png"};
}

std::string marked_chart_svg(const chart &c) {
  const std::size_t eol = c.svg.find('\n');
  const std::size_t at = eol == std::string::npos ? 0 : eol + 1;
  std::string data = c.data;
  for (std::size_t p = data.find("--"); p != std::string::npos; p = data.find("--", p + 2))
    data.replace(p, 2, "- -"); // an XML comment may not hold "--"
  return c.svg.substr(0, at) + marker_line(output_kind::chart) + "\n<!-- fabricvp chart data " +
         c.name + "\n" + data + "-->\n" + c.svg.substr(at);
}

void write_chart_files(const chart &c, const std::string &stem) {
  write_output_file(stem + ".svg", "the chart", marked_chart_svg(c));
  if (!c.png.empty())
    write_output_file(stem + ".png", "the chart", marked_png(c.png));
}

} // namespace fabricvp
