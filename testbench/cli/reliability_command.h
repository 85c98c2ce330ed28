// `fabricvp reliability PLATFORM.yaml [--set ...] [--job KEY=VALUE,...]`:
// the reliability analytics of platforms/reliability.h as a text summary on
// stdout and a JSON report (OUT/NAME.reliability.json or --report FILE,
// through the output rules), and the rows `compare` adds from it.
#pragma once

#include "platforms/reliability.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fabricvp {

nlohmann::json reliability_json(const reliability_result &r);
std::string reliability_summary(const reliability_result &r);
// Applies `--job KEY=VALUE[,KEY=VALUE...]` to reliability.job (errors name --job).
void apply_job_option(netlist &n, const std::string &text);
// compare's rows: failures per year, link flaps per day, MTTR-weighted
// link-hours lost per year, fabric MTBF and availability, training time lost.
void reliability_columns(const netlist &n, nlohmann::json &row);

} // namespace fabricvp
