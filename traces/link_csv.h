// The per-link table of a run as CSV, one row per link direction, ready for
// a heat map (pivot on `from` x `to`, colour by utilisation): link label,
// kind, network, the two ends, utilisation, rate and margin. Written from the
// run's result, as the JSON report's `links` array is, so the two agree.
// Leaves out: time series per link (the VCD's link_busy has them).
#pragma once

#include "traces/run_result.h"

#include <string>

namespace fabricvp {

// Writes the table (a marked CSV: traces/output_marker.h); throws
// input_error naming the file when it cannot be written.
void write_link_csv(const run_result &r, const std::string &path);

} // namespace fabricvp
