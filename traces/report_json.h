// The JSON report of a run (`--report`, default OUT/NAME.report.json),
// written from its run_result: every field, its unit in its name
// (`_s`, `_ns`, `_w`, `_j`, `_gbps`, `_db`), the fields README.md and
// docs/architecture.md list. Everything but `perf` is byte-identical for the
// same inputs and seed (stable_report_text).
#pragma once

#include "traces/run_result.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fabricvp {

nlohmann::json report_json(const run_result &r);

// One collective operation's entry (also what `compare` and the summary show).
nlohmann::json operation_json(const operation_report &op);

// A report without the `perf` section, serialized (byte-stable for a seed).
std::string stable_report_text(const nlohmann::json &report);

// Rounds to a multiple of `quantum` (report values carry no float noise).
double round_to(double v, double quantum);

} // namespace fabricvp
