// Study metrics: a path into the JSON report (`latency_ns.p99`,
// `power.energy_pj_per_bit`, `power.by_class.serdes`, `collective.busbw_gbps`)
// or a named aggregate over the links (`links.worst_margin_db`,
// `links.worst_optical_margin_db`, `links.busiest_utilisation`,
// `links.mean_utilisation`). The paths are checked against the keys
// report_json() writes, before any point runs. Leaves out: list indexes
// (links[3]) and expressions between metrics.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace fabricvp {

// The metric's value in a report; nothing when the report has no value
// there (no collective, no optical link) or the value is not a number.
std::optional<double> metric_value(const nlohmann::json &report, const std::string &path);

// "" when `path` names a number the report writes; else why not.
std::string metric_problem(const std::string &path);

// Whether a metric needs a collective (or workload file) run.
bool needs_collective(const std::string &path);

} // namespace fabricvp
