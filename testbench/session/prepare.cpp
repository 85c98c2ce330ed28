#include "testbench/session/prepare.h"

#include "platforms/presets.h"
#include "testbench/session/fabric_checks.h"
#include "testbench/workloads/workload_file.h"

#include <filesystem>

namespace fabricvp {

netlist prepare_netlist(const run_options &o) {
  preset_catalog presets;
  presets.load_folder(platforms_folder() + "/presets");
  return prepare_netlist(load_netlist(o.platform_file, presets), o);
}

netlist prepare_netlist(netlist n, const run_options &o) {
  for (const auto &s : o.overrides)
    apply_override(n, s);
  if (o.seed)
    apply_override(n, "simulation.seed=" + std::to_string(*o.seed));
  if (o.duration)
    apply_override(n, "simulation.duration=" + *o.duration);
  if (!o.workload_file.empty()) {
    n.workload_file = o.workload_file;
    n.workload_file_where = {"--workload", 0};
  }
  check_netlist(n);
  check_credit_buffers(n);
  if (!n.workload_file.empty())
    load_workload_file(n.workload_file, n); // checks it now, before any elaboration
  return n;
}

std::vector<input_file> run_input_files(const netlist &n) {
  std::vector<input_file> inputs{{n.file, "the platform file"}};
  for (const auto &[file, how] : n.reached_files)
    inputs.push_back({file, "a file the platform reads (" + how + ")"});
  for (const std::string &f : n.preset_files)
    inputs.push_back({f, "a preset file of the platform"});
  if (!n.workload_file.empty())
    inputs.push_back({n.workload_file, "the workload file"});
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(platforms_folder() + "/presets", ec))
    if (entry.path().extension() == ".yaml")
      inputs.push_back({entry.path().string(), "a preset file"});
  return inputs;
}

} // namespace fabricvp
