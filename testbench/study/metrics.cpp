#include "testbench/study/metrics.h"

#include "traces/report_json.h"

#include <algorithm>
#include <functional>
#include <map>

namespace fabricvp {
namespace {

using nlohmann::json;

// Reduces a per-link report value over the links (optical values may be null).
using link_reduction = std::function<std::optional<double>(const json &links)>;

std::optional<double> reduce_links(const json &links, const json::json_pointer &field,
                                   bool minimum) {
  std::optional<double> best;
  for (const json &l : links) {
    if (!l.contains(field) || !l.at(field).is_number())
      continue;
    const double v = l.at(field).get<double>();
    best = !best ? v : minimum ? std::min(*best, v) : std::max(*best, v);
  }
  return best;
}

const std::map<std::string, link_reduction> &aggregates() {
  static const std::map<std::string, link_reduction> a = {
      {"links.worst_margin_db",
       [](const json &l) { return reduce_links(l, json::json_pointer("/margin_db"), true); }},
      {"links.worst_optical_margin_db",
       [](const json &l) {
         return reduce_links(l, json::json_pointer("/optical/margin_db"), true);
       }},
      {"links.busiest_utilisation",
       [](const json &l) { return reduce_links(l, json::json_pointer("/utilisation"), false); }},
      {"links.mean_utilisation", [](const json &l) -> std::optional<double> {
         if (l.empty())
           return std::nullopt;
         double sum = 0;
         for (const json &x : l)
           sum += x.at("utilisation").get<double>();
         return sum / static_cast<double>(l.size());
       }}};
  return a;
}

json::json_pointer pointer_of(const std::string &path) {
  std::string p = "/";
  for (char c : path)
    p += c == '.' ? '/' : c;
  return json::json_pointer(p);
}

// A run result with one of everything, for the keys its report has.
const json &report_schema() {
  static const json schema = [] {
    run_result r;
    for (const char *c :
         {"serdes", "retimer_dsp", "optical_engine", "laser", "switch_core", "accelerator_io"})
      r.energy_by_class[c] = {};
    for (const char *d : {"buffer_full", "no_route", "link_errors", "misrouted"})
      r.traffic.drops_by_reason[d] = 0;
    link_result l;
    l.optical = optical_result{};
    r.links.push_back(l);
    collective_result c;
    operation_report op;
    op.kind = "all_reduce";
    c.operations.push_back(op);
    r.collective = c;
    return report_json(r);
  }();
  return schema;
}

} // namespace

std::optional<double> metric_value(const json &report, const std::string &path) {
  const auto a = aggregates().find(path);
  if (a != aggregates().end())
    return report.contains("links") ? a->second(report.at("links")) : std::nullopt;
  const json::json_pointer p = pointer_of(path);
  if (!report.contains(p))
    return std::nullopt;
  const json &v = report.at(p);
  if (v.is_boolean())
    return v.get<bool>() ? 1.0 : 0.0;
  if (!v.is_number())
    return std::nullopt;
  return v.get<double>();
}

std::string metric_problem(const std::string &path) {
  if (aggregates().count(path))
    return "";
  std::string aggregate_names;
  for (const auto &[name, f] : aggregates())
    aggregate_names += (aggregate_names.empty() ? "" : ", ") + name;
  const bool plain = !path.empty() && path.find_first_of("/[]~ ") == std::string::npos &&
                     path.front() != '.' && path.back() != '.' &&
                     path.find("..") == std::string::npos;
  if (!plain || path.rfind("perf.", 0) == 0 || !report_schema().contains(pointer_of(path)))
    return "the report has no metric '" + path +
           "' (a path such as latency_ns.p99, power.energy_pj_per_bit, "
           "collective.busbw_gbps, or " +
           aggregate_names + ")";
  const json &v = report_schema().at(pointer_of(path));
  if (!v.is_number() && !v.is_boolean())
    return "'" + path + "' is not a number in the report (it is " +
           (v.is_object()  ? "a section"
            : v.is_array() ? "a list"
                           : "text") +
           ")";
  return "";
}

bool needs_collective(const std::string &path) { return path.rfind("collective.", 0) == 0; }

} // namespace fabricvp
