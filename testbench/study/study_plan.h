// A checked study: every point's overrides applied to its platform (loaded
// once per platform), its seeds, the input hash of each run, and the metric
// paths checked against the report; then the plan as JSON (OUT/sweep.json),
// which is all that `--collect` needs. A point whose overrides apply but
// whose netlist fails its checks (a link over budget) is kept as rejected,
// with the message; an unknown path, a bad value, a bad metric, or every
// point rejected is an input_error naming the study file, line and path.
// Leaves out: elaboration-time checks (routing, reachability): those fail
// the point when it runs.
#pragma once

#include "platforms/netlist.h"
#include "testbench/study/points.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fabricvp {

struct planned_point {
  study_point point;
  std::string platform_name;
  std::string workload;                // the pattern, or the workload file's name (chart titles)
  std::vector<std::string> input_hash; // per repetition
  std::string rejected;                // why the netlist check failed, or ""
};

struct study_plan {
  study s;
  std::vector<planned_point> points;
  std::vector<netlist> platforms; // as loaded, before any override
  std::size_t runs() const { return points.size() * static_cast<std::size_t>(s.repeat); }
};

// Loads and checks the study; with `only`, prepares that point alone.
study_plan plan_study(const std::string &study_file,
                      std::optional<std::size_t> only = std::nullopt);

// The point's netlist for repetition r, as `fabricvp run --set ...` builds it.
netlist point_netlist(const study_plan &plan, const planned_point &p, int repetition);

// The same run as a command line: fabricvp run PLATFORM --set ... --set simulation.seed=N.
std::vector<std::string> point_overrides(const planned_point &p, int repetition);

nlohmann::json plan_json(const study_plan &plan);

} // namespace fabricvp
