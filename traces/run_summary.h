// The human summary of a run that `fabricvp run` prints on stdout: traffic,
// latency, throughput, power by class, the worst link margin and the busiest
// link, up to eight collective operations with their time breakdown, the
// scoreboard and the run's cost. Written from the run_result.
#pragma once

#include "traces/run_result.h"

#include <string>

namespace fabricvp {

std::string run_summary(const run_result &r);

} // namespace fabricvp
