// The netlist a run will build: presets, the platform file, the --set
// overrides (seed and duration are overrides of simulation.*), the workload
// file, and every check that needs no model (budgets, consistency, the
// workload file's own validity). Throws input_error naming file, line, path.
#pragma once

#include "platforms/netlist.h"
#include "testbench/session/run_options.h"

namespace fabricvp {

netlist prepare_netlist(const run_options &options);

// The same from a platform already loaded (options.platform_file is not
// read again): a study loads each platform once and prepares every point.
netlist prepare_netlist(netlist loaded, const run_options &options);

} // namespace fabricvp
