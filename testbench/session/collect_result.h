// Reads what a finished run measured out of the model into a run_result:
// the scoreboard's counts and latency, every power model's energy by class,
// each link's utilisation, budget and optics, the routing checks, optics
// totals (lasers, modules, front-panel rack units of pluggable switch
// ports), switch buffer peaks and the collective engine's operations.
// Leaves out: perf (the session times itself) and anything derived for
// display (traces/ writers derive it).
#pragma once

#include "platforms/elaborator.h"
#include "testbench/checking/scoreboard.h"
#include "testbench/workloads/collective.h"
#include "traces/run_result.h"

namespace fabricvp {

struct run_window {
  time_ps start_ps = 0,
          end_ps = 0; // statistics window (end: the run's end when it runs to completion)
};

run_result collect_result(const netlist &n, platform &top, const scoreboard &board,
                          const collective_engine *coll, run_window window, time_ps end);

} // namespace fabricvp
