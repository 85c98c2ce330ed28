// One run of a platform: load and check the netlist (with --set overrides),
// elaborate it, attach the traffic generator, scoreboard and outputs (VCD,
// .gtkw, power log), simulate `duration`, drain, check conservation, and
// assemble the report. Used by the CLI and by the whole-platform tests.
#pragma once

#include "platforms/elaborator.h"
#include "tlm/packet_pool.h"
#include "testbench/checking/scoreboard.h"
#include "testbench/workloads/traffic.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fabricvp {

struct run_options {
  std::string platform_file;
  std::vector<std::string> overrides; // PATH=VALUE
  std::optional<long> seed;
  std::optional<std::string> duration;
  std::string vcd_file;                    // empty: no VCD
  std::vector<std::string> trace_patterns; // empty: every signal
  std::string gtkw_file;                   // empty: beside the VCD
  std::string power_log_file;              // empty: none
  bool power_log_per_element = false;
  std::string workload_file; // empty: the platform's (if any)
  std::string report_file;   // empty: none
  bool quiet = false;        // no human summary
};

// Loads presets and the platform, applies overrides, checks. Throws input_error.
netlist prepare_netlist(const run_options &options);

struct run_outcome {
  nlohmann::json report;
  int exit_code = 0; // 0 ok, 1 model failure
  std::string failure;
};

// Elaborates and simulates (once per process: SystemC elaborates once).
run_outcome run_simulation(const netlist &n, const run_options &options);

// The human summary printed on stdout.
std::string summarize(const nlohmann::json &report);

// A report without the `perf` section, serialized (byte-stable for a seed).
std::string stable_report_text(const nlohmann::json &report);

} // namespace fabricvp
