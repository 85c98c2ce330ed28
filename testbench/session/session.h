// One run of a platform, in four steps: build (elaborate the netlist, check
// routing for deadlock and that traffic can reach every endpoint), attach
// (scoreboard, traffic generator or collective engine, trace outputs), run
// (simulate `duration`, or until a collective completes; drain) and collect
// (check conservation, read the run_result out of the model). A stop request
// (SIGINT, SIGTERM: core/stop_request.h) ends the run at the next event: no
// drain, no conservation check, the outputs up to that time, the result
// marked interrupted. Returns the result; the report, summary and link table are written from it by
// the caller (traces/). SystemC elaborates once per process: one session per process.
#pragma once

#include "testbench/session/prepare.h"
#include "testbench/session/run_options.h"
#include "traces/run_result.h"

#include <string>

namespace fabricvp {

struct run_outcome {
  run_result result;
  int exit_code = 0; // 0 ok, 1 model failure
  std::string failure;
};

// A collective or workload file runs to completion: its statistics window
// is the whole run (duration and warmup bound generated traffic only).
bool runs_to_completion(const netlist &n);

// Elaborates and simulates a prepared netlist (once per process).
run_outcome run_simulation(const netlist &n, const run_options &options);

} // namespace fabricvp
