// The netlist a run will build: presets, the platform file, the --set
// overrides (seed and duration are overrides of simulation.*), the workload
// file, and every check that needs no model (budgets, consistency, the
// workload file's own validity). Throws input_error naming file, line, path.
#pragma once

#include "platforms/netlist.h"
#include "testbench/session/run_options.h"

namespace fabricvp {

netlist prepare_netlist(const run_options &options);

} // namespace fabricvp
