#include "testbench/study/charts.h"

#include "testbench/study/run_store.h"
#include "testbench/study/stats.h"
#include "testbench/study/study.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace fabricvp {

using nlohmann::json;

namespace {

// Runs a program with arguments (no shell), output discarded; its exit code,
// or -1 when it could not start. (testbench/cli/run_program.h is the full
// one; this room lies below cli/ and cannot include it.)
int run_program(const std::vector<std::string> &args) {
  std::vector<char *> argv;
  for (const auto &a : args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
    }
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) != 127 ? WEXITSTATUS(status) : -1;
}

struct chart_point {
  double x, mean, ci;
};

std::size_t axis_index(const json &plan, const std::string &path) {
  for (std::size_t a = 0; a < plan["axes"].size(); ++a)
    if (plan["axes"][a]["path"] == path)
      return a;
  return plan["axes"].size();
}

std::size_t metric_index(const json &plan, const std::string &path) {
  for (std::size_t m = 0; m < plan["metrics"].size(); ++m)
    if (plan["metrics"][m] == path)
      return m;
  return 0;
}

// The series a point belongs to: the series axis and every other varying
// axis (not x), as "name=value" text; the platform when several.
std::string series_of(const json &plan, const json &point, std::size_t x,
                      const std::set<std::size_t> &varying, bool platforms) {
  std::string key = platforms ? point["platform"].get<std::string>() : "";
  for (std::size_t a : varying) {
    if (a == x)
      continue;
    key += (key.empty() ? "" : ", ") + plan["axes"][a]["path"].get<std::string>() + "=" +
           point["values"][a]["text"].get<std::string>();
  }
  return key.empty() ? "all" : key;
}

// Series in the order their first point comes in the plan.
using series_list = std::vector<std::pair<std::string, std::vector<chart_point>>>;

series_list chart_series(const sweep_collection &c, std::size_t x, std::size_t y) {
  const json &plan = c.plan;
  std::set<std::size_t> varying;
  std::set<std::string> platforms;
  for (const json &p : plan["points"]) {
    platforms.insert(p["platform"].get<std::string>());
    for (std::size_t a = 0; a < plan["axes"].size(); ++a)
      if (p["values"][a] != plan["points"][0]["values"][a])
        varying.insert(a);
  }
  series_list series;
  std::map<std::size_t, std::vector<double>> values;
  for (const collected_run &r : c.runs)
    if (r.status == "ok" && r.metrics[y])
      values[r.plan_index].push_back(*r.metrics[y]);
  for (const auto &[k, v] : values) {
    const json &point = plan["points"][k];
    const mean_ci mc = mean_and_ci95(v);
    const std::string name = series_of(plan, point, x, varying, platforms.size() > 1);
    auto it = std::find_if(series.begin(), series.end(), [&](auto &s) { return s.first == name; });
    if (it == series.end())
      it = series.insert(series.end(), {name, {}});
    it->second.push_back({point["values"][x]["si"].get<double>(), mc.mean, mc.half_width});
  }
  for (auto &[name, pts] : series)
    std::sort(pts.begin(), pts.end(), [](auto &a, auto &b) { return a.x < b.x; });
  return series;
}

std::string title_of(const sweep_collection &c, const json &chart) {
  if (!chart["title"].get<std::string>().empty())
    return chart["title"];
  std::set<std::string> platforms, workloads;
  for (const json &p : c.plan["points"]) {
    platforms.insert(p["platform"].get<std::string>());
    workloads.insert(p.value("workload", ""));
  }
  std::string t = chart["y"].get<std::string>() + " vs " + chart["x"].get<std::string>() + " (";
  for (const auto &p : platforms)
    t += p + (p == *platforms.rbegin() ? "" : ", ");
  t += "; ";
  for (const auto &w : workloads)
    t += w + (w == *workloads.rbegin() ? "" : ", ");
  return t + ")";
}

std::string gnuplot_text(const std::string &s) {
  std::string q;
  for (char c : s)
    q += c == '\'' ? std::string("''") : std::string(1, c);
  return q;
}

// The budget line of a margin chart and the saturation lines of a chart
// against load (gnuplot commands before `plot`).
std::string chart_marks(const sweep_collection &c, const json &chart) {
  std::ostringstream gp;
  const std::string y = chart["y"];
  if (y.size() >= 9 && y.compare(y.size() - 9, 9, "margin_db") == 0)
    gp << "set arrow from graph 0, first 0 to graph 1, first 0 nohead dashtype 2 lc rgb 'red'\n"
       << "set label 'budget (0 dB margin)' at graph 0.02, first 0 offset 0,0.8 tc rgb 'red'\n";
  const std::size_t thr = metric_index(c.plan, "throughput_gbps");
  if (chart["x"] != "workload.load" || c.plan["metrics"][thr] != "throughput_gbps")
    return gp.str();
  const auto series = chart_series(c, axis_index(c.plan, "workload.load"), thr);
  for (std::size_t i = 0; i < series.size(); ++i) {
    std::vector<std::pair<double, double>> pts;
    for (const chart_point &p : series[i].second)
      pts.push_back({p.x, p.mean});
    const auto sat = saturation_load(pts);
    if (!sat)
      continue;
    gp << "set arrow from first " << number_text(sat->first) << ", graph 0 to first "
       << number_text(sat->first) << ", graph 1 nohead dashtype 3 lc " << i + 1 << "\n"
       << "set label '" << gnuplot_text(series[i].first) << ": saturates near load "
       << number_text(sat->first) << " (" << static_cast<long>(sat->second)
       << " Gb/s)' at graph 0.02, graph " << 0.95 - 0.06 * static_cast<double>(i) << " tc lt "
       << i + 1 << " noenhanced\n";
  }
  return gp.str();
}

std::string chart_script(const sweep_collection &c, const json &chart, const std::string &stem,
                         const std::vector<std::string> &names, bool geometric) {
  const json &xa = c.plan["axes"][axis_index(c.plan, chart["x"])];
  std::ostringstream gp;
  gp << "set title '" << gnuplot_text(title_of(c, chart)) << "' noenhanced\n"
     << "set xlabel '" << gnuplot_text(axis_column(xa)) << "' noenhanced\n"
     << "set ylabel '" << gnuplot_text(chart["y"].get<std::string>()) << "' noenhanced\n"
     << "set key below noenhanced\nset grid\n";
  if (geometric)
    gp << "set logscale x 10\nset format x '%.0s%c'\n";
  gp << chart_marks(c, chart) << "plot ";
  for (std::size_t i = 0; i < names.size(); ++i)
    gp << (i ? ", " : "") << "'" << gnuplot_text(stem) << ".dat' index " << i
       << " using 1:2:3 with yerrorlines title '" << gnuplot_text(names[i]) << "'";
  gp << "\n";
  return gp.str();
}

// True when the x values grow by a constant factor (a {from,to,factor} axis).
bool geometric_axis(const series_list &series) {
  for (const auto &[name, pts] : series) {
    if (pts.size() < 3 || pts.front().x <= 0)
      return false;
    const double f = pts[1].x / pts[0].x;
    for (std::size_t i = 2; i < pts.size(); ++i)
      if (std::abs(pts[i].x / pts[i - 1].x - f) > 1e-6 * f || f <= 1.5)
        return false;
  }
  return !series.empty();
}

} // namespace

std::string gnuplot_quoted(const std::string &text) {
  std::string one_line = text;
  for (char &c : one_line)
    c = c == '\n' || c == '\r' ? ' ' : c;
  return "'" + gnuplot_text(one_line) + "'";
}

std::optional<std::pair<double, double>>
saturation_load(const std::vector<std::pair<double, double>> &points) {
  if (points.size() < 2 || !(points.front().first > 0))
    return std::nullopt;
  const double ratio = points.front().second / points.front().first;
  for (std::size_t i = 1; i < points.size(); ++i)
    if (points[i].second / points[i].first < 0.9 * ratio)
      return points[i - 1];
  return std::nullopt;
}

std::vector<std::string> write_charts(const sweep_collection &c, const std::string &out) {
  std::vector<std::string> images;
  const json &charts = c.plan["charts"];
  for (std::size_t k = 0; k < charts.size(); ++k) {
    const json &chart = charts[k];
    const auto series =
        chart_series(c, axis_index(c.plan, chart["x"]), metric_index(c.plan, chart["y"]));
    const std::string stem = out + "/charts/chart" + std::to_string(k);
    std::ostringstream dat;
    std::vector<std::string> names;
    for (const auto &[name, pts] : series) {
      names.push_back(name);
      dat << "# " << name << "\n";
      for (const auto &p : pts)
        dat << number_text(p.x) << " " << number_text(p.mean) << " " << number_text(p.ci) << "\n";
      dat << "\n\n";
    }
    write_file_atomically(stem + ".dat", dat.str());
    const std::string body = chart_script(c, chart, stem, names, geometric_axis(series));
    write_file_atomically(stem + ".gp", "set terminal svg size 900,520 noenhanced\nset output '" +
                                            gnuplot_text(stem) + ".svg'\n" + body);
    if (series.empty() || run_program({"gnuplot", stem + ".gp"}) != 0)
      continue;
    images.push_back(stem + ".svg");
    write_file_atomically(stem + ".png.gp", "set terminal pngcairo size 900,520 noenhanced\n"
                                            "set output '" +
                                                gnuplot_text(stem) + ".png'\n" + body);
    if (run_program({"gnuplot", stem + ".png.gp"}) == 0)
      images.push_back(stem + ".png");
  }
  return images;
}

} // namespace fabricvp
