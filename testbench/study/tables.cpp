#include "testbench/study/tables.h"

#include "testbench/study/metrics.h"
#include "testbench/study/run_store.h"
#include "testbench/study/stats.h"

#include <sstream>

namespace fabricvp {

using nlohmann::json;

namespace {

std::string csv_field(const std::string &s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos)
    return s;
  std::string q = "\"";
  for (char c : s)
    q += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' || c == '\r' ? ' ' : c);
  return q + "\"";
}

std::string cell(const std::optional<double> &v) { return v ? number_text(*v) : ""; }

// The axis value of a point as a table cell: SI number, or the name.
std::string axis_cell(const json &value) {
  return value["si"].is_number() ? number_text(value["si"].get<double>())
                                 : value["text"].get<std::string>();
}

json axis_json(const json &value) { return value["si"].is_number() ? value["si"] : value["text"]; }

collected_run collect_run(const std::string &out, const json &point, std::size_t plan_index,
                          int rep, const json &metrics) {
  collected_run r;
  r.point = point["point"].get<std::size_t>();
  r.plan_index = plan_index;
  r.repetition = rep;
  r.seed = point["seeds"][rep].get<long>();
  r.metrics.assign(metrics.size(), std::nullopt);
  const auto status =
      recorded_status(out, r.point, rep, point["input_hash"][rep].get<std::string>());
  if (!status) {
    r.status = "missing";
    return r;
  }
  r.status = status->value("status", "crashed");
  r.error = status->value("error", "");
  r.wall_s = status->value("wall_s", 0.0);
  if (r.status != "ok" && r.status != "failed")
    return r;
  const auto report = read_json_file(run_folder(out, r.point, rep) + "/report.json");
  if (!report) {
    r.status = "missing";
    r.error = "no report.json";
    return r;
  }
  for (std::size_t m = 0; m < metrics.size(); ++m)
    r.metrics[m] = metric_value(*report, metrics[m].get<std::string>());
  return r;
}

std::string header_of(const json &plan, bool per_run) {
  std::string h = per_run ? "point,repetition,seed,platform" : "point,platform";
  for (const json &a : plan["axes"])
    h += "," + csv_field(axis_column(a));
  if (per_run) {
    for (const json &m : plan["metrics"])
      h += "," + csv_field(m.get<std::string>());
    return h + ",status,error\n";
  }
  h += ",runs_ok";
  for (const json &m : plan["metrics"])
    h += "," + csv_field(m.get<std::string>() + " mean") + "," +
         csv_field(m.get<std::string>() + " ci95");
  return h + "\n";
}

std::string point_cells(const json &point) {
  std::string s = csv_field(point["platform"].get<std::string>());
  for (const json &v : point["values"])
    s += "," + csv_field(axis_cell(v));
  return s;
}

std::string results_csv(const sweep_collection &c) {
  std::string s = header_of(c.plan, true);
  for (const collected_run &r : c.runs) {
    s += std::to_string(r.point) + "," + std::to_string(r.repetition) + "," +
         std::to_string(r.seed) + "," + point_cells(c.plan["points"][r.plan_index]);
    for (const auto &m : r.metrics)
      s += "," + cell(m);
    s += "," + r.status + "," + csv_field(r.error) + "\n";
  }
  return s;
}

json results_json(const sweep_collection &c) {
  json runs = json::array();
  for (const collected_run &r : c.runs) {
    const json &point = c.plan["points"][r.plan_index];
    json axes = json::object(), metrics = json::object();
    for (std::size_t a = 0; a < c.plan["axes"].size(); ++a)
      axes[c.plan["axes"][a]["path"].get<std::string>()] = axis_json(point["values"][a]);
    for (std::size_t m = 0; m < r.metrics.size(); ++m)
      metrics[c.plan["metrics"][m].get<std::string>()] =
          r.metrics[m] ? json(*r.metrics[m]) : json(nullptr);
    runs.push_back({{"point", r.point},
                    {"repetition", r.repetition},
                    {"seed", r.seed},
                    {"platform", point["platform"]},
                    {"axes", axes},
                    {"metrics", metrics},
                    {"status", r.status},
                    {"error", r.error}});
  }
  return {{"fabricvp_sweep_results", 1},
          {"name", c.plan["name"]},
          {"axes", c.plan["axes"]},
          {"metrics", c.plan["metrics"]},
          {"runs", runs}};
}

// One row per point: the runs ok, each metric's mean and CI over them.
std::string summary_csv(const sweep_collection &c) {
  std::string s = header_of(c.plan, false);
  const std::size_t metrics = c.plan["metrics"].size();
  for (std::size_t i = 0; i < c.runs.size();) {
    std::size_t j = i, ok = 0;
    std::vector<std::vector<double>> values(metrics);
    for (; j < c.runs.size() && c.runs[j].plan_index == c.runs[i].plan_index; ++j) {
      ok += c.runs[j].status == "ok";
      for (std::size_t m = 0; m < metrics; ++m)
        if (c.runs[j].status == "ok" && c.runs[j].metrics[m])
          values[m].push_back(*c.runs[j].metrics[m]);
    }
    s += std::to_string(c.runs[i].point) + "," +
         point_cells(c.plan["points"][c.runs[i].plan_index]) + "," + std::to_string(ok);
    for (const auto &v : values) {
      const mean_ci mc = mean_and_ci95(v);
      s += "," + (mc.n ? number_text(mc.mean) : "") + "," +
           (mc.n > 1 ? number_text(mc.half_width) : "");
    }
    s += "\n";
    i = j;
  }
  return s;
}

} // namespace

std::string axis_column(const json &axis) {
  const std::string unit = axis["unit"].get<std::string>();
  return axis["path"].get<std::string>() + (unit.empty() ? "" : " [" + unit + "]");
}

sweep_collection collect_sweep(const std::string &out) {
  sweep_collection c;
  auto plan = read_json_file(out + "/sweep.json");
  if (!plan || !plan->contains("fabricvp_sweep"))
    throw input_error({out + "/sweep.json", 0}, "",
                      "not a sweep folder (no readable sweep.json; run `fabricvp sweep STUDY "
                      "--plan --out DIR` or give the study to --collect)");
  c.plan = *plan;
  const int repeat = c.plan["repeat"].get<int>();
  for (std::size_t k = 0; k < c.plan["points"].size(); ++k)
    for (int r = 0; r < repeat; ++r) {
      c.runs.push_back(collect_run(out, c.plan["points"][k], k, r, c.plan["metrics"]));
      c.ok += c.runs.back().status == "ok";
      c.missing += c.runs.back().status == "missing";
    }
  return c;
}

void write_tables(const sweep_collection &c, const std::string &out) {
  write_file_atomically(out + "/results.csv", results_csv(c));
  write_file_atomically(out + "/results.json", results_json(c).dump(2) + "\n");
  write_file_atomically(out + "/summary.csv", summary_csv(c));
  std::string timing = "point,repetition,wall_s\n";
  for (const collected_run &r : c.runs)
    timing += std::to_string(r.point) + "," + std::to_string(r.repetition) + "," +
              number_text(r.wall_s) + "\n";
  write_file_atomically(out + "/timing.csv", timing);
}

} // namespace fabricvp
