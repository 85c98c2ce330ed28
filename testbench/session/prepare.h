// The netlist a run will build: presets, the platform file, the --set
// overrides (seed and duration are overrides of simulation.*), the workload
// file, and every check that needs no model (budgets, consistency, credit
// buffers against the largest packet, the workload file's own validity). Throws input_error naming
// file, line, path. Also the list of files a run reads.
#pragma once

#include "platforms/netlist.h"
#include "testbench/session/run_options.h"

namespace fabricvp {

netlist prepare_netlist(const run_options &options);

// The same from a platform already loaded (options.platform_file is not
// read again): a study loads each platform once and prepares every point.
netlist prepare_netlist(netlist loaded, const run_options &options);

// A file a run reads, and what it is to the run ("the platform file").
struct input_file {
  std::string path;
  std::string role;
};

// Every file a run of `n` reads: the platform file, the files it extends or
// includes, the workload file, the preset files. No output may replace one
// of them.
std::vector<input_file> run_input_files(const netlist &n);

} // namespace fabricvp
