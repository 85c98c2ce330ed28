// libFuzzer target: a workload file (testbench/workloads/workload_file.h) on
// the 4-rack cluster its shipped example is written for
// (platforms/cluster_pluggable.yaml: 288 accelerators, networks scale_up and
// scale_out), read and compiled into a schedule on the routing tables, as
// `validate --workload` does. It may only succeed or throw input_error with
// file and line. Seeds: fuzz/corpus/workload.
#include "fuzz/fuzz_support.h"
#include "platforms/presets.h"
#include "platforms/routing.h"
#include "testbench/workloads/workload_file.h"

#include <memory>

namespace {

struct cluster {
  fabricvp::netlist n;
  fabricvp::routing r;
  std::unique_ptr<fabricvp::routing_view> view;
};

cluster &the_cluster() {
  static cluster c = [] {
    fabricvp::preset_catalog presets;
    presets.load_folder(fabricvp::platforms_folder() + "/presets");
    cluster k;
    k.n = fabricvp::load_netlist(fabricvp::platforms_folder() + "/cluster_pluggable.yaml", presets);
    k.r = fabricvp::compute_routing(k.n);
    return k;
  }();
  if (!c.view)
    c.view = std::make_unique<fabricvp::routing_view>(c.n, c.r);
  return c;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  fabricvp::fuzz::initialise();
  the_cluster();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace fabricvp;
  const std::string file = fuzz::write_input(data, size, "workload.yaml");
  cluster &c = the_cluster();
  try {
    const workload_plan plan = load_workload_file(file, c.n);
    (void)compile_workload(plan, *c.view);
  } catch (const input_error &e) {
    fuzz::expect_located(e.what(), true);
  }
  return 0;
}
