#include "testbench/study/study_plan.h"

#include "core/content_hash.h"

#include "platforms/presets.h"
#include "testbench/session/prepare.h"
#include "testbench/study/metrics.h"
#include "testbench/workloads/collective.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fabricvp {
namespace {

std::string file_bytes(const std::string &file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every preset file, in name order: a changed preset changes every hash.
const std::string &presets_text() {
  static const std::string text = [] {
    std::vector<std::string> files;
    for (const auto &e : std::filesystem::directory_iterator(platforms_folder() + "/presets"))
      if (e.path().extension() == ".yaml")
        files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::string all;
    for (const auto &f : files)
      all += std::filesystem::path(f).filename().string() + "\n" + file_bytes(f) + "\n";
    return all;
  }();
  return text;
}

// The inputs of one run: the contents of the platform file (and of those it
// extends or includes), of its own preset files and the workload file, presets,
// overrides and seed (not the paths, so a point's hash is the same anywhere).
std::string input_hash(const netlist &n, const std::vector<std::string> &overrides) {
  std::string text = "fabricvp sweep run 1\n" + file_bytes(n.file) + "\n" + presets_text();
  for (std::size_t k = 1; k < n.platform_files.size(); ++k) // extends/include, then own presets
    text += "platform part\n" + file_bytes(n.platform_files[k]) + "\n";
  for (const std::string &f : n.preset_files)
    text += "platform presets\n" + file_bytes(f) + "\n";
  if (!n.workload_file.empty())
    text += "workload\n" + file_bytes(n.workload_file) + "\n";
  for (const auto &o : overrides)
    text += "--set " + o + "\n";
  return content_hash(text);
}

// An override error (origin --set) re-said at the study line that wrote it.
[[noreturn]] void rethrow_at(const study &s, std::size_t k, const std::string &text,
                             const input_error &e) {
  const bool is_set = k < s.set.size();
  const source_location where = is_set ? s.set[k].where : s.axes[k - s.set.size()].where;
  const std::string path =
      is_set ? "set." + s.set[k].path : "axes." + s.axes[k - s.set.size()].path;
  std::string what = e.what();
  const std::string prefix = e.where().origin() + ": " + (e.path().empty() ? "" : e.path() + ": ");
  if (what.rfind(prefix, 0) == 0)
    what = what.substr(prefix.size());
  std::string hint;
  if (!is_set && s.axes[k - s.set.size()].unitless_range)
    hint = "a range without units: write its ends with units (e.g. from: 0.5m, to: 3m); ";
  throw input_error(where, path, hint + "'" + text + "': " + what);
}

bool runs_collective(const netlist &n) {
  return !n.workload_file.empty() ||
         collective_engine::is_collective(n.workload.get_choice("pattern"));
}

void check_metrics(const study &s) {
  for (const auto &m : s.metrics) {
    const std::string problem = metric_problem(m.path);
    if (!problem.empty())
      throw input_error(m.where, "metrics", problem);
  }
}

// Applies the point's overrides one by one (errors at their study line),
// then the netlist checks (a failure rejects the point only).
void prepare_point(const study_plan &plan, planned_point &pp) {
  const study &s = plan.s;
  netlist n = plan.platforms[pp.point.platform];
  for (std::size_t k = 0; k < pp.point.overrides.size(); ++k) {
    try {
      apply_override(n, pp.point.overrides[k]);
    } catch (const input_error &e) {
      const std::string &o = pp.point.overrides[k];
      rethrow_at(s, k, o.substr(o.find('=') + 1), e);
    }
  }
  pp.platform_name = n.name;
  pp.workload = n.workload_file.empty()
                    ? n.workload.get_choice("pattern")
                    : std::filesystem::path(n.workload_file).filename().string();
  assign_seeds(pp.point, s.seed ? *s.seed : n.simulation.get_int("seed"), s.repeat);
  try {
    n = prepare_netlist(n, run_options{});
  } catch (const input_error &e) {
    pp.rejected = e.what();
  }
  for (const auto &m : s.metrics)
    if (needs_collective(m.path) && !runs_collective(n))
      throw input_error(m.where, "metrics",
                        "'" + m.path + "' needs a collective, but " + n.name + " (point " +
                            std::to_string(pp.point.index) +
                            ") runs generated traffic (workload.pattern " +
                            n.workload.get_choice("pattern") + ")");
  for (int r = 0; r < s.repeat; ++r)
    pp.input_hash.push_back(input_hash(n, point_overrides(pp, r)));
}

} // namespace

std::vector<std::string> point_overrides(const planned_point &p, int repetition) {
  std::vector<std::string> o = p.point.overrides;
  o.push_back("simulation.seed=" + std::to_string(p.point.seeds.at(repetition)));
  return o;
}

netlist point_netlist(const study_plan &plan, const planned_point &p, int repetition) {
  run_options o;
  o.platform_file = plan.s.platforms[p.point.platform];
  o.overrides = point_overrides(p, repetition);
  return prepare_netlist(plan.platforms[p.point.platform], o);
}

study_plan plan_study(const std::string &study_file, std::optional<std::size_t> only) {
  study_plan plan;
  plan.s = load_study(study_file);
  check_metrics(plan.s);
  preset_catalog presets;
  presets.load_folder(platforms_folder() + "/presets");
  for (std::size_t k = 0; k < plan.s.platforms.size(); ++k) {
    try {
      plan.platforms.push_back(load_netlist(plan.s.platforms[k], presets));
    } catch (const input_error &e) {
      if (e.where().file != plan.s.platforms[k] || e.where().line != 0)
        throw;
      throw input_error(plan.s.platform_where[k], "platforms", e.what());
    }
  }
  std::vector<study_point> points = expand_points(plan.s);
  if (only && *only >= points.size())
    throw input_error({"--point", 0}, std::to_string(*only),
                      "the study has " + std::to_string(points.size()) + " points");
  std::size_t rejected = 0;
  for (auto &p : points) {
    if (only && p.index != *only)
      continue;
    planned_point pp{std::move(p), "", "", {}, ""};
    prepare_point(plan, pp);
    rejected += !pp.rejected.empty();
    plan.points.push_back(std::move(pp));
  }
  if (rejected == plan.points.size())
    throw input_error({study_file, 0}, "",
                      "every point fails its checks; the first: " + plan.points.front().rejected);
  return plan;
}

nlohmann::json plan_json(const study_plan &plan) {
  const study &s = plan.s;
  nlohmann::json axes = nlohmann::json::array();
  for (const auto &a : s.axes)
    axes.push_back(
        {{"path", a.path}, {"unit", a.numeric ? si_unit(a.dim) : ""}, {"numeric", a.numeric}});
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto &m : s.metrics)
    metrics.push_back(m.path);
  nlohmann::json charts = nlohmann::json::array();
  for (const auto &c : s.charts)
    charts.push_back({{"x", c.x}, {"y", c.y}, {"series", c.series}, {"title", c.title}});
  nlohmann::json points = nlohmann::json::array();
  for (const auto &pp : plan.points) {
    nlohmann::json values = nlohmann::json::array();
    for (std::size_t k = 0; k < s.axes.size(); ++k) {
      const axis_value &v = s.axes[k].values[pp.point.values[k]];
      values.push_back({{"text", v.text}, {"si", v.si ? nlohmann::json(*v.si) : nullptr}});
    }
    points.push_back({{"point", pp.point.index},
                      {"platform", pp.platform_name},
                      {"platform_file", s.platforms[pp.point.platform]},
                      {"workload", pp.workload},
                      {"values", values},
                      {"overrides", pp.point.overrides},
                      {"seeds", pp.point.seeds},
                      {"input_hash", pp.input_hash},
                      {"rejected", pp.rejected}});
  }
  return {{"fabricvp_sweep", 1}, {"name", s.name},     {"study", s.file},  {"repeat", s.repeat},
          {"axes", axes},        {"metrics", metrics}, {"charts", charts}, {"points", points}};
}

} // namespace fabricvp
