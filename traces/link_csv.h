// The per-link table of a run as CSV, one row per link direction, ready for
// a heat map (pivot on `from` x `to`, colour by utilisation): link label,
// kind, network, the two ends, utilisation, packets and rate. Read from the
// run's JSON report (its `links` array), so it always agrees with it.
// Leaves out: time series per link (the VCD's link_busy has them).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fabricvp {

// Writes the table; returns false when the file cannot be written.
bool write_link_csv(const nlohmann::json &report, const std::string &path);

} // namespace fabricvp
