#include "testbench/study/study.h"

#include "platforms/yaml_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

namespace fabricvp {

const study_axis *study::axis(const std::string &path) const {
  for (const auto &a : axes)
    if (a.path == path)
      return &a;
  return nullptr;
}

std::optional<quantity> quantity_of(const std::string &text) {
  static const dimension all[] = {dimension::none,
                                  dimension::time,
                                  dimension::data_rate,
                                  dimension::frequency,
                                  dimension::energy,
                                  dimension::energy_per_bit,
                                  dimension::power,
                                  dimension::loss,
                                  dimension::loss_per_length,
                                  dimension::length,
                                  dimension::size,
                                  dimension::optical_power,
                                  dimension::delay_per_length,
                                  dimension::temperature};
  for (dimension d : all) {
    try {
      return parse_quantity(text, d);
    } catch (const std::invalid_argument &) {
    }
  }
  return std::nullopt;
}

std::string number_text(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

namespace {

constexpr std::size_t max_axis_values = 100000;
// A sweep holds every point (and its runs) in memory at once.
constexpr std::size_t max_points = 100000;
constexpr std::size_t max_runs = 1000000; // points x repeat

// Twelve significant digits: 0.1 + 2 x 0.1 is 0.3, not 0.30000000000000004.
double tidy(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return std::stod(buf);
}

struct range_end {
  quantity q;
  std::string unit; // as written after the number ("m", "KiB", "")
  double scale = 1; // SI per written unit
};

range_end range_part(const std::string &file, const YAML::Node &node, const std::string &path) {
  const std::string text = scalar_text(file, node, path);
  const auto q = quantity_of(text);
  if (!q)
    throw input_error(where_of(file, node), path, "'" + text + "' is not a number with a unit");
  std::size_t used = 0;
  double number = 0;
  try {
    number = std::stod(text, &used);
  } catch (const std::exception &) {
    throw input_error(where_of(file, node), path, "'" + text + "' does not start with a number");
  }
  range_end e{*q, text.substr(used), 1.0};
  while (!e.unit.empty() && e.unit.front() == ' ')
    e.unit.erase(0, 1);
  if (number != 0)
    e.scale = q->value_si / number;
  else if (!e.unit.empty())
    e.scale = parse_quantity("1" + e.unit, q->dim).value_si;
  return e;
}

// {from, to, step} (arithmetic) or {from, to, factor} (geometric), ends included.
void parse_range(const std::string &file, const YAML::Node &node, const std::string &path,
                 study_axis &a) {
  check_keys(file, node, path, {"from", "to", "step", "factor"});
  const range_end from = range_part(file, required(file, node, path, "from"), path + ".from");
  const range_end to = range_part(file, required(file, node, path, "to"), path + ".to");
  const bool geometric = static_cast<bool>(node["factor"]);
  if (geometric == static_cast<bool>(node["step"]))
    throw input_error(where_of(file, node), path, "a range takes either step: or factor:");
  if (from.q.dim != to.q.dim)
    throw input_error(where_of(file, node["to"]), path + ".to",
                      std::string("'to' is a ") + dimension_name(to.q.dim) + ", 'from' a " +
                          dimension_name(from.q.dim));
  a.dim = from.q.dim;
  a.unitless_range = from.unit.empty();
  const std::string key = geometric ? "factor" : "step";
  const range_end inc = range_part(file, node[key], path + "." + key);
  if (!geometric && inc.q.dim != a.dim)
    throw input_error(where_of(file, node[key]), path + ".step",
                      std::string("the step is a ") + dimension_name(inc.q.dim) + ", the range a " +
                          dimension_name(a.dim));
  if (geometric && inc.q.dim != dimension::none)
    throw input_error(where_of(file, node[key]), path + ".factor", "a factor is a plain number");
  const double f = inc.q.value_si;
  if (geometric ? !(f > 1) || !(from.q.value_si > 0) : !(f > 0))
    throw input_error(where_of(file, node[key]), path + "." + key,
                      geometric ? "a geometric range needs factor > 1 and from > 0"
                                : "the step must be positive");
  const double end = to.q.value_si * (1 + 1e-9) + (geometric ? 0 : 1e-12 * f);
  for (double v = from.q.value_si; v <= end;
       v = tidy(geometric ? v * f : from.q.value_si + f * a.values.size())) {
    if (a.values.size() >= max_axis_values)
      throw input_error(where_of(file, node), path,
                        "more than " + std::to_string(max_axis_values) + " values");
    a.values.push_back({number_text(tidy(v / from.scale)) + from.unit, tidy(v)});
  }
  if (a.values.empty())
    throw input_error(where_of(file, node), path, "empty axis: 'to' is below 'from'");
}

// A list of values: numbers with units (one dimension for the whole list) or names.
void parse_list(const std::string &file, const YAML::Node &node, const std::string &path,
                study_axis &a) {
  if (node.size() == 0)
    throw input_error(where_of(file, node), path, "empty axis (give at least one value)");
  std::vector<std::optional<quantity>> qs;
  for (std::size_t k = 0; k < node.size(); ++k) {
    const std::string text = scalar_text(file, node[k], path + "[" + std::to_string(k) + "]");
    a.values.push_back({text, std::nullopt});
    qs.push_back(quantity_of(text));
    a.numeric = a.numeric && qs.back().has_value();
  }
  if (!a.numeric)
    return;
  a.dim = qs.front()->dim;
  for (std::size_t k = 0; k < qs.size(); ++k) {
    if (qs[k]->dim != a.dim)
      throw input_error(where_of(file, node[k]), path + "[" + std::to_string(k) + "]",
                        std::string("a ") + dimension_name(qs[k]->dim) + " in an axis of " +
                            dimension_name(a.dim) + " values");
    a.values[k].si = qs[k]->value_si;
  }
}

study_axis parse_axis(const std::string &file, const YAML::Node &key, const YAML::Node &value,
                      std::size_t group) {
  study_axis a;
  a.path = scalar_text(file, key, "axes");
  a.where = where_of(file, key);
  a.group = group;
  const std::string path = "axes." + a.path;
  if (a.path.find('=') != std::string::npos || a.path.find('.') == std::string::npos)
    throw input_error(a.where, path, "an axis is a --set path such as workload.load");
  if (value.IsSequence())
    parse_list(file, value, path, a);
  else if (value.IsMap())
    parse_range(file, value, path, a);
  else
    throw input_error(where_of(file, value), path,
                      "an axis is a list of values or a {from, to, step|factor} range");
  return a;
}

void parse_zip(const std::string &file, const YAML::Node &node, study &s) {
  if (!node.IsMap() || node.size() == 0)
    throw input_error(where_of(file, node), "axes.zip",
                      "zip: is a map of paired axes (each a list or range of one length)");
  const std::size_t first = s.axes.size();
  for (auto it = node.begin(); it != node.end(); ++it)
    s.axes.push_back(parse_axis(file, it->first, it->second, s.groups));
  for (std::size_t k = first + 1; k < s.axes.size(); ++k)
    if (s.axes[k].values.size() != s.axes[first].values.size())
      throw input_error(s.axes[k].where, "axes.zip." + s.axes[k].path,
                        std::to_string(s.axes[k].values.size()) + " values, but " +
                            s.axes[first].path + " has " +
                            std::to_string(s.axes[first].values.size()) +
                            " (zipped axes pair their values one to one)");
  ++s.groups;
}

void parse_axes(const std::string &file, const YAML::Node &node, study &s) {
  if (!node.IsMap())
    throw input_error(where_of(file, node), "axes", "expected a map of PATH: values");
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == "zip") {
      const YAML::Node zip = it->second;
      if (zip.IsSequence())
        for (std::size_t g = 0; g < zip.size(); ++g)
          parse_zip(file, zip[g], s);
      else
        parse_zip(file, zip, s);
      continue;
    }
    s.axes.push_back(parse_axis(file, it->first, it->second, s.groups++));
  }
  std::set<std::string> seen;
  for (const auto &a : s.axes)
    if (!seen.insert(a.path).second)
      throw input_error(a.where, "axes." + a.path, "this path is already an axis");
}

void parse_platforms(const std::string &file, const YAML::Node &node, study &s) {
  const auto folder = std::filesystem::path(file).parent_path();
  auto add = [&](const YAML::Node &n, const std::string &path) {
    const std::filesystem::path p = scalar_text(file, n, path);
    s.platforms.push_back((p.is_absolute() ? p : folder / p).lexically_normal().string());
    s.platform_where.push_back(where_of(file, n));
  };
  if (node.IsScalar())
    add(node, "platforms");
  else if (node.IsSequence())
    for (std::size_t k = 0; k < node.size(); ++k)
      add(node[k], "platforms[" + std::to_string(k) + "]");
  if (s.platforms.empty())
    throw input_error(where_of(file, node), "platforms", "give at least one platform file");
}

void parse_settings(const std::string &file, const YAML::Node &node, study &s) {
  if (!node.IsMap())
    throw input_error(where_of(file, node), "set", "expected a map of PATH: VALUE");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string path = scalar_text(file, it->first, "set");
    s.set.push_back(
        {path, scalar_text(file, it->second, "set." + path), where_of(file, it->first)});
  }
}

void parse_metrics(const std::string &file, const YAML::Node &node, study &s) {
  if (!node.IsSequence() || node.size() == 0)
    throw input_error(where_of(file, node), "metrics",
                      "expected a list of report paths, e.g. [latency_ns.p99]");
  for (std::size_t k = 0; k < node.size(); ++k)
    s.metrics.push_back({scalar_text(file, node[k], "metrics[" + std::to_string(k) + "]"),
                         where_of(file, node[k])});
}

void parse_charts(const std::string &file, const YAML::Node &node, study &s) {
  if (!node.IsSequence())
    throw input_error(where_of(file, node), "charts", "expected a list of {x, y, series}");
  for (std::size_t k = 0; k < node.size(); ++k) {
    const std::string path = "charts[" + std::to_string(k) + "]";
    const YAML::Node c = node[k];
    check_keys(file, c, path, {"x", "y", "series", "title"});
    study_chart chart{scalar_text(file, required(file, c, path, "x"), path + ".x"),
                      scalar_text(file, required(file, c, path, "y"), path + ".y"),
                      c["series"] ? scalar_text(file, c["series"], path + ".series") : "",
                      c["title"] ? scalar_text(file, c["title"], path + ".title") : "",
                      where_of(file, c)};
    auto is_metric = [&](const std::string &m) {
      for (const auto &sm : s.metrics)
        if (sm.path == m)
          return true;
      return false;
    };
    if (!s.axis(chart.x) || !s.axis(chart.x)->numeric)
      throw input_error(where_of(file, c["x"]), path + ".x",
                        "'" + chart.x + "' is not a numeric axis of this study");
    if (!is_metric(chart.y))
      throw input_error(where_of(file, c["y"]), path + ".y",
                        "'" + chart.y + "' is not one of the study's metrics");
    if (!chart.series.empty() && !s.axis(chart.series) && chart.series != "platform")
      throw input_error(where_of(file, c["series"]), path + ".series",
                        "'" + chart.series + "' is not an axis of this study (nor 'platform')");
    s.charts.push_back(chart);
  }
}

void parse_repeat_and_seed(const std::string &file, const YAML::Node &root, study &s) {
  if (const YAML::Node r = root["repeat"]) {
    const std::string text = scalar_text(file, r, "repeat");
    long v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size() || v < 1 || v > 10000)
      throw input_error(where_of(file, r), "repeat", "expected a whole number in [1, 10000]");
    s.repeat = static_cast<int>(v);
    s.where_of_repeat = where_of(file, r);
  }
  if (const YAML::Node sd = root["seed"]) {
    const std::string text = scalar_text(file, sd, "seed");
    long v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size() || v < 0)
      throw input_error(where_of(file, sd), "seed", "expected a whole number >= 0");
    s.seed = v;
  }
}

// The points (platforms x the values of each zip group) and runs (x repeat)
// stay within max_points and max_runs; the error says what multiplied.
void check_point_count(const std::string &file, const YAML::Node &root, const study &s) {
  std::vector<std::size_t> sizes(s.groups, 1);
  for (const auto &a : s.axes)
    sizes[a.group] = a.values.size();
  std::string product =
      std::to_string(s.platforms.size()) + (s.platforms.size() == 1 ? " platform" : " platforms");
  std::size_t points = s.platforms.size();
  bool over = points > max_points;
  for (std::size_t n : sizes) {
    product += " x " + std::to_string(n);
    over = over || (n > 0 && points > max_points / n);
    points *= over ? 1 : n;
  }
  const YAML::Node at = root["axes"] ? root["axes"] : root["platforms"];
  if (over)
    throw input_error(where_of(file, at), "axes",
                      "more than " + std::to_string(max_points) + " points (" + product +
                          " values); a sweep holds every point at once");
  if (points * static_cast<std::size_t>(s.repeat) > max_runs)
    throw input_error(where_of(file, root["repeat"]), "repeat",
                      std::to_string(points) + " points x repeat " + std::to_string(s.repeat) +
                          " is more than " + std::to_string(max_runs) + " runs");
}

} // namespace

study load_study(const std::string &file) {
  const YAML::Node root = load_yaml_file(file);
  check_keys(file, root, "",
             {"fabricvp_study", "name", "description", "platforms", "set", "axes", "repeat", "seed",
              "metrics", "charts"});
  const YAML::Node version = required(file, root, "", "fabricvp_study");
  if (scalar_text(file, version, "fabricvp_study") != "1")
    throw input_error(where_of(file, version), "fabricvp_study", "only version 1 exists");
  study s;
  s.file = file;
  s.name = root["name"] ? scalar_text(file, root["name"], "name")
                        : std::filesystem::path(file).stem().string();
  if (root["description"])
    s.description = scalar_text(file, root["description"], "description");
  parse_platforms(file, required(file, root, "", "platforms"), s);
  if (root["set"])
    parse_settings(file, root["set"], s);
  if (root["axes"])
    parse_axes(file, root["axes"], s);
  parse_repeat_and_seed(file, root, s);
  check_point_count(file, root, s);
  parse_metrics(file, required(file, root, "", "metrics"), s);
  if (root["charts"])
    parse_charts(file, root["charts"], s);
  return s;
}

} // namespace fabricvp
