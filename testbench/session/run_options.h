// What a user asks of one run besides the platform file's contents: the
// overrides, seed and duration, the workload file, and the outputs (VCD and
// its trace globs, .gtkw, power log). The command line fills it; so do
// `compare`, studies and the tests.
#pragma once

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
  std::string gtkw_file;                   // empty: beside the VCD (gtkw_path_beside)
  bool write_gtkw = true;                  // false: keep the .gtkw there (a user's)
  std::string power_log_file;              // empty: none
  bool power_log_per_element = false;
  std::string workload_file; // empty: the platform's (if any)
  std::string report_file;   // empty: none
  bool quiet = false;        // no human summary
};

} // namespace fabricvp
