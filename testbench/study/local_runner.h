// Runs a study's pending runs on this machine: up to `jobs` forked children
// at once (one run each: SystemC elaborates once per process), each
// recording its report and status (run_store.h); a child that dies without
// a status is recorded as crashed. Runs recorded for the same inputs are
// skipped, so a killed sweep resumes. A progress line (done/total, failures,
// elapsed, ETA) goes to `progress` when given. Children die with the parent
// (PR_SET_PDEATHSIG). Leaves out: retries, per-run time limits.
#pragma once

#include "testbench/study/study_plan.h"

#include <ostream>
#include <string>

namespace fabricvp {

struct local_run_counts {
  std::size_t total = 0, skipped = 0, ran = 0, failed = 0;
};

local_run_counts run_locally(const study_plan &plan, const std::string &out, unsigned jobs,
                             std::ostream *progress);

} // namespace fabricvp
